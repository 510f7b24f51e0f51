// ConfigDump prints the configuration definitions (ConfigDef) of the Apache
// Kafka version whose jars are on the class path: every broker, topic,
// producer, consumer and admin-client config, one tab-separated line each,
// with the facts Kafka's generated documentation shows (type, default, valid
// values, importance) and, for the broker, the dynamic update mode.
//
// Beyond the ConfigDefs it prints the broker keys Kafka reads outside
// KafkaConfig's ConfigDef, so that the catalogue's rows for them are held to
// Kafka's code too: the internal configs of KafkaConfig (defined, but left out
// of the documentation), and the settings the built-in authorizers read from
// the broker's configuration (AclAuthorizer in 3.x's ZooKeeper mode,
// StandardAuthorizer in KRaft). Their names are the classes' own constants
// and their defaults what the classes hold when the key is absent, both read
// by reflection. The last column says where Kafka defines each key.
//
// With Kafka 3.x, whose libs hold ZooKeeper's server, it also prints the
// zoo.cfg keys ZooKeeper's QuorumPeerConfig reads itself (component
// zookeeper), found by parsing, with type, default and valid values for the
// ones the admin guide leaves out (see zooKeeperRows).
//
// It runs with Java's single-file source launcher, so nothing is built:
//
//   java -cp "$HOME/.cache/kafkit/kafka-3.9.2/libs/*" testenv/configdump/ConfigDump.java > catalog/data/configdef/3.9.2.tsv
//
// scripts/configdump.sh does that for every pinned version. Descriptions are
// not printed unless --docs FILE is given, and then only into FILE, which
// belongs in the cache, never in the repository: the catalogue's tests read it
// to make sure kafkit's own descriptions share no run of words with Kafka's.
//
// The classes differ between Kafka lines (the broker's ConfigDef and
// DynamicBrokerConfig moved from Scala to Java in 4.x), so the places that
// differ are reached by reflection and the file compiles against both.
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.ConfigDef;

public class ConfigDump {
    public static void main(String[] args) throws Exception {
        String docsFile = null;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--docs") && i + 1 < args.length) {
                docsFile = args[++i];
            } else if (args[i].equals("--sets") && args.length == 1) {
                printSets();
                return;
            } else {
                System.err.println("usage: ConfigDump [--docs FILE] | ConfigDump --sets");
                System.exit(2);
            }
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        PrintStream docs = docsFile == null ? null : new PrintStream(docsFile, StandardCharsets.UTF_8);

        Map<String, String> modes = updateModes();
        Map<String, ConfigDef> defs = new java.util.LinkedHashMap<>();
        defs.put("broker", brokerDef());
        defs.put("topic", topicDef());
        defs.put("producer", ProducerConfig.configDef());
        defs.put("consumer", ConsumerConfig.configDef());
        defs.put("admin", AdminClientConfig.configDef());

        out.println("# Apache Kafka " + kafkaVersion() + " ConfigDef dump (testenv/configdump/ConfigDump.java); internal configs of the broker only, the authorizers' keys, and the zoo.cfg keys ZooKeeper's QuorumPeerConfig reads (source column)");
        out.println("component\tname\ttype\tdefault\tvalid_values\timportance\tupdate_mode\tserver_default_property\tsource");
        if (docs != null) {
            docs.println("component\tname\tdoc");
        }
        Map<String, String> sources = Map.of("broker", "KafkaConfig", "topic", "LogConfig", "producer", "ProducerConfig",
                "consumer", "ConsumerConfig", "admin", "AdminClientConfig");
        for (Map.Entry<String, ConfigDef> e : defs.entrySet()) {
            String comp = e.getKey();
            Map<String, ConfigDef.ConfigKey> keys = new TreeMap<>(e.getValue().configKeys());
            for (ConfigDef.ConfigKey k : keys.values()) {
                String source = sources.get(comp);
                if (k.internalConfig) {
                    // Only the broker's: the linter must accept them in a
                    // server.properties, where Kafka takes them silently.
                    if (!comp.equals("broker")) {
                        continue;
                    }
                    source += " internal";
                }
                String mode = "";
                String synonym = "";
                if (comp.equals("broker")) {
                    mode = modes.getOrDefault(k.name, "read-only");
                }
                if (comp.equals("topic")) {
                    synonym = serverSynonym(k.name);
                }
                out.println(String.join("\t", comp, k.name, k.type.toString().toLowerCase(Locale.ROOT),
                        defaultOf(k), flat(k.validator == null ? "" : k.validator.toString()),
                        k.importance.toString().toLowerCase(Locale.ROOT), mode, synonym, source));
                if (docs != null) {
                    docs.println(String.join("\t", comp, k.name, flat(k.documentation == null ? "" : k.documentation)));
                }
            }
        }
        for (String[] r : authorizerRows()) {
            out.println(String.join("\t", "broker", r[0], "", r[1], "", "", "read-only", "", r[2]));
        }
        for (String[] r : zooKeeperRows()) {
            out.println(String.join("\t", "zookeeper", r[0], r[1], r[2], r[3], "", "", "", "QuorumPeerConfig"));
        }
        out.flush();
        if (docs != null) {
            docs.close();
        }
    }

    // defaultOf renders a default the way ConfigDef's generated docs do,
    // without their human suffixes ("(7 days)"): empty for a required config,
    // null for no default, "" for an empty string or list.
    static String defaultOf(ConfigDef.ConfigKey k) {
        if (!k.hasDefault()) {
            return "";
        }
        if (k.defaultValue == null) {
            return "null";
        }
        String s = ConfigDef.convertToString(k.defaultValue, k.type);
        return s.isEmpty() ? "\"\"" : flat(s);
    }

    // flat puts text on one line: tabs and line breaks become spaces.
    static String flat(String s) {
        return s.replaceAll("\\s+", " ").trim();
    }

    static ConfigDef brokerDef() throws Exception {
        return (ConfigDef) Class.forName("kafka.server.KafkaConfig").getMethod("configDef").invoke(null);
    }

    static ConfigDef topicDef() throws Exception {
        return (ConfigDef) Class.forName("org.apache.kafka.storage.internals.log.LogConfig").getMethod("configDefCopy").invoke(null);
    }

    // updateModes is DynamicBrokerConfig's map from every dynamic broker
    // config to per-broker or cluster-wide: a Java class in 4.x, a Scala
    // object in 3.x.
    @SuppressWarnings("unchecked")
    static Map<String, String> updateModes() throws Exception {
        try {
            Method m = Class.forName("org.apache.kafka.server.config.DynamicBrokerConfig").getMethod("dynamicConfigUpdateModes");
            return (Map<String, String>) m.invoke(null);
        } catch (ClassNotFoundException | NoSuchMethodException e) {
            Class<?> c = Class.forName("kafka.server.DynamicBrokerConfig$");
            Field module = c.getField("MODULE$");
            return (Map<String, String>) c.getMethod("dynamicConfigUpdateModes").invoke(module.get(null));
        }
    }

    // authorizerRows returns name, default and source of every broker key the
    // built-in authorizers of this release read, sorted by name; a key both
    // read is one row naming both. Neither authorizer is Reconfigurable, so
    // each key takes effect at start only (checked here, not assumed).
    static List<String[]> authorizerRows() throws Exception {
        Map<String, String[]> rows = new TreeMap<>();
        for (String[] r : standardAuthorizer()) {
            rows.put(r[0], r);
        }
        for (String[] r : aclAuthorizer()) {
            String[] old = rows.get(r[0]);
            if (old == null) {
                rows.put(r[0], r);
                continue;
            }
            if (!old[1].equals(r[1])) {
                throw new IllegalStateException(r[0] + ": default " + r[1] + " in AclAuthorizer, " + old[1] + " in StandardAuthorizer");
            }
            rows.put(r[0], new String[] {r[0], r[1], r[2] + "," + old[2]});
        }
        return new ArrayList<>(rows.values());
    }

    static void notReconfigurable(Class<?> c) {
        if (org.apache.kafka.common.Reconfigurable.class.isAssignableFrom(c)) {
            throw new IllegalStateException(c.getName() + " is Reconfigurable now: its keys may be dynamic");
        }
    }

    // standardAuthorizer reads the KRaft authorizer's public *_CONFIG name
    // constants, and each one's default by calling the static method that
    // parses it with an empty configuration. A constant this code does not
    // know stops the dump, so that a new key is not missed silently.
    @SuppressWarnings("unchecked")
    static List<String[]> standardAuthorizer() throws Exception {
        Class<?> c = Class.forName("org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        notReconfigurable(c);
        List<String[]> out = new ArrayList<>();
        for (Field f : c.getFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers()) || f.getType() != String.class || !f.getName().endsWith("_CONFIG")) {
                continue;
            }
            String name = (String) f.get(null);
            String def;
            switch (f.getName()) {
                case "SUPER_USERS_CONFIG": {
                    Method m = c.getDeclaredMethod("getConfiguredSuperUsers", Map.class);
                    m.setAccessible(true);
                    def = String.join(";", new java.util.TreeSet<>((java.util.Set<String>) m.invoke(null, Map.of())));
                    break;
                }
                case "ALLOW_EVERYONE_IF_NO_ACL_IS_FOUND_CONFIG": {
                    Method m = c.getDeclaredMethod("getDefaultResult", Map.class);
                    m.setAccessible(true);
                    def = String.valueOf(m.invoke(null, Map.of()).toString().equals("ALLOWED"));
                    break;
                }
                default:
                    throw new IllegalStateException("StandardAuthorizer." + f.getName() + ": a key ConfigDump does not know");
            }
            out.add(new String[] {name, def.isEmpty() ? "\"\"" : def, "StandardAuthorizer"});
        }
        return out;
    }

    // aclAuthorizer reads the ZooKeeper-mode authorizer of Kafka 3.x (4.x has
    // none): the String constants of its companion object that name keys,
    // and the ZooKeeper client keys it reads under its "authorizer." prefix.
    // The defaults of super.users and allow.everyone.if.no.acl.found are the
    // fields of a new, unconfigured instance (configure leaves them so when
    // the keys are absent); the prefixed ZooKeeper keys have none of their
    // own (they fall back to the broker's zookeeper.* settings), so null.
    @SuppressWarnings("unchecked")
    static List<String[]> aclAuthorizer() throws Exception {
        Class<?> c;
        try {
            c = Class.forName("kafka.security.authorizer.AclAuthorizer");
        } catch (ClassNotFoundException e) {
            return List.of();
        }
        notReconfigurable(c);
        Class<?> obj = Class.forName("kafka.security.authorizer.AclAuthorizer$");
        Object module = obj.getField("MODULE$").get(null);
        String prefix = (String) obj.getMethod("configPrefix").invoke(module);
        String superUsers = (String) obj.getMethod("SuperUsersProp").invoke(module);
        String allowEveryone = (String) obj.getMethod("AllowEveryoneIfNoAclIsFoundProp").invoke(module);
        Object fresh = c.getConstructor().newInstance();
        List<String[]> out = new ArrayList<>();
        for (Field f : obj.getDeclaredFields()) {
            if (f.getType() != String.class || !java.lang.reflect.Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            f.setAccessible(true);
            String name = (String) f.get(null);
            if (name.equals(prefix) || !name.contains(".")) {
                continue; // the prefix itself, the wildcard host
            }
            String def;
            if (name.equals(superUsers)) {
                Field su = c.getDeclaredField("superUsers");
                su.setAccessible(true);
                def = ((scala.collection.Iterable<?>) su.get(fresh)).isEmpty() ? "\"\"" : "?";
            } else if (name.equals(allowEveryone)) {
                Field ae = c.getDeclaredField("shouldAllowEveryoneIfNoAclIsFound");
                ae.setAccessible(true);
                def = String.valueOf(ae.getBoolean(fresh));
            } else if (name.startsWith(prefix + "zookeeper.")) {
                def = "null";
            } else {
                throw new IllegalStateException("AclAuthorizer: " + f.getName() + "=" + name + ", a key ConfigDump does not know");
            }
            out.add(new String[] {name, def, "AclAuthorizer"});
        }
        Class<?> zk = Class.forName("org.apache.kafka.server.config.ZkConfigs");
        List<String> tls = new ArrayList<>(((Map<String, String>) zk.getField("ZK_SSL_CONFIG_TO_SYSTEM_PROPERTY_MAP").get(null)).keySet());
        tls.add((String) zk.getField("ZK_SSL_CLIENT_ENABLE_CONFIG").get(null));
        for (String k : new java.util.TreeSet<>(tls)) {
            out.add(new String[] {prefix + k, "null", "AclAuthorizer"});
        }
        return out;
    }

    // zooKeeperKeys maps the zoo.cfg keys whose facts the dump prints to the
    // QuorumPeerConfig field each one sets: the keys parseProperties reads
    // that the 3.8 admin guide's parameter list leaves out. Each mapping is
    // proven, not trusted: zooKeeperRows parses the key and requires the
    // field to hold what was written.
    static final Map<String, String> ZOOKEEPER_KEYS = new TreeMap<>(Map.ofEntries(
            Map.entry("quorum.auth.enableSasl", "quorumEnableSasl"),
            Map.entry("quorum.auth.serverRequireSasl", "quorumServerRequireSasl"),
            Map.entry("quorum.auth.learnerRequireSasl", "quorumLearnerRequireSasl"),
            Map.entry("quorum.auth.kerberos.servicePrincipal", "quorumServicePrincipal"),
            Map.entry("quorum.auth.learner.saslLoginContext", "quorumLearnerLoginContext"),
            Map.entry("quorum.auth.server.saslLoginContext", "quorumServerLoginContext"),
            Map.entry("quorum.cnxn.threads.size", "quorumCnxnThreadsSize"),
            Map.entry("secureClientPortAddress", "secureClientPortAddress"),
            Map.entry("dynamicConfigFile", "dynamicConfigFileStr"),
            Map.entry("peerType", "peerType"),
            Map.entry("portUnification", "shouldUsePortUnification"),
            Map.entry("oraclePath", "oraclePath"),
            Map.entry("jvm.pause.monitor", "jvmPauseMonitorToRun"),
            Map.entry("jvm.pause.sleep.time.ms", "jvmPauseSleepTimeMs"),
            Map.entry("jvm.pause.warn-threshold.ms", "jvmPauseWarnThresholdMs"),
            Map.entry("jvm.pause.info-threshold.ms", "jvmPauseInfoThresholdMs")));

    // zooKeeperRows returns name, type, default and valid values of every
    // zoo.cfg key ZooKeeper's QuorumPeerConfig.parseProperties reads itself
    // (Kafka 3.x ships ZooKeeper's server jar; 4.x has none, and no rows).
    // The candidates are the string constants of QuorumPeerConfig's class
    // file, where javac also inlines the key constants of QuorumAuth and
    // JvmPauseMonitor; a candidate is a key of parseProperties when parsing
    // it does not turn it into a zookeeper.* system property, the fate of
    // every key parseProperties does not know. The keys of ZOOKEEPER_KEYS
    // get a type (of the field the key sets), a default (the field's value
    // when the key is absent) and, for an enum, the values parseProperties
    // accepts; the others, the admin guide's, are listed by name only, and a
    // prefix whose every key parseProperties keeps as PREFIX*. A
    // ZOOKEEPER_KEYS entry that parseProperties no longer reads stops the
    // dump.
    static List<String[]> zooKeeperRows() throws Exception {
        Class<?> c;
        try {
            c = Class.forName("org.apache.zookeeper.server.quorum.QuorumPeerConfig");
        } catch (ClassNotFoundException e) {
            return List.of();
        }
        List<String[]> out = new ArrayList<>();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String key : new java.util.TreeSet<>(stringConstants(c))) {
            if (key.matches("[A-Za-z][A-Za-z0-9_-]*\\.") && parsedByQuorumPeerConfig(c, key + "kafkitProbe")) {
                // A prefix whose keys parseProperties keeps for another
                // reader (metricsProvider. for the metrics provider).
                out.add(new String[] {key + "*", "", "", ""});
                continue;
            }
            if (!key.matches("[A-Za-z][A-Za-z0-9._-]*[A-Za-z0-9]") || !parsedByQuorumPeerConfig(c, key)) {
                continue;
            }
            seen.add(key);
            String fieldName = ZOOKEEPER_KEYS.get(key);
            if (fieldName == null) {
                out.add(new String[] {key, "", "", ""});
                continue;
            }
            out.add(zooKeeperRow(c, key, fieldName));
        }
        for (String key : ZOOKEEPER_KEYS.keySet()) {
            if (!seen.contains(key)) {
                throw new IllegalStateException("QuorumPeerConfig does not read " + key + " any more");
            }
        }
        return out;
    }

    // parseZooKeeper runs parseProperties on a fresh QuorumPeerConfig with
    // a data directory and the given pairs, and returns the config. A value
    // it refuses (the probes are not always valid) is not an error here.
    static Object parseZooKeeper(Class<?> c, String... kv) throws Exception {
        java.util.Properties p = new java.util.Properties();
        p.setProperty("dataDir", System.getProperty("java.io.tmpdir"));
        for (int i = 0; i < kv.length; i += 2) {
            p.setProperty(kv[i], kv[i + 1]);
        }
        Object cfg = c.getConstructor().newInstance();
        try {
            c.getMethod("parseProperties", java.util.Properties.class).invoke(cfg, p);
        } catch (java.lang.reflect.InvocationTargetException e) {
            // refused, or a later check failed: the fields are set already
        }
        return cfg;
    }

    // NO_SERVER_LIST, given as a key, makes parseProperties leave the
    // server list to a dynamic file it does not read: without a list, it
    // would settle peerType by this server's place in it and undo a probe.
    static final String NO_SERVER_LIST = "dynamicConfigFile";

    static boolean parsedByQuorumPeerConfig(Class<?> c, String key) throws Exception {
        String prop = "zookeeper." + key;
        System.clearProperty(prop);
        parseZooKeeper(c, key, "1");
        boolean own = System.getProperty(prop) == null;
        System.clearProperty(prop);
        return own;
    }

    static Object fieldOf(Class<?> c, Object cfg, String name) throws Exception {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f.get(cfg);
    }

    static String[] zooKeeperRow(Class<?> c, String key, String fieldName) throws Exception {
        Field f = c.getDeclaredField(fieldName);
        Object def = fieldOf(c, parseZooKeeper(c), fieldName);
        Class<?> t = f.getType();
        String type;
        String valid = "";
        String probe;
        if (t == boolean.class) {
            type = "boolean";
            probe = String.valueOf(!(Boolean) def);
        } else if (t == int.class || t == long.class) {
            type = t.getName();
            probe = "37";
        } else if (t.isEnum()) {
            // parseProperties compares the lower-cased value with each
            // constant's name in lower case.
            type = "string";
            List<String> names = new ArrayList<>();
            for (Object v : t.getEnumConstants()) {
                String name = ((Enum<?>) v).name().toLowerCase(Locale.ROOT);
                if (fieldOf(c, parseZooKeeper(c, NO_SERVER_LIST, "", key, name.toUpperCase(Locale.ROOT)), fieldName) != v) {
                    throw new IllegalStateException(key + "=" + name + " does not set " + fieldName);
                }
                names.add(name);
            }
            valid = "(case insensitive) [" + String.join(", ", names) + "]";
            def = ((Enum<?>) def).name().toLowerCase(Locale.ROOT);
            probe = null;
        } else if (t == String.class || t == java.net.InetSocketAddress.class) {
            type = "string";
            probe = "127.0.0.37";
        } else {
            throw new IllegalStateException(key + ": field " + fieldName + " of type " + t + ", which ConfigDump does not know");
        }
        if (probe != null) {
            // An address is kept only with its port (secureClientPort for
            // secureClientPortAddress); the probe of dynamicConfigFile
            // replaces the empty one.
            Object got = fieldOf(c, parseZooKeeper(c, NO_SERVER_LIST, "", "secureClientPort", "2999", key, probe), fieldName);
            String shown = got instanceof java.net.InetSocketAddress ? ((java.net.InetSocketAddress) got).getHostString() : String.valueOf(got);
            if (!probe.equals(shown)) {
                throw new IllegalStateException(key + "=" + probe + " sets " + fieldName + " to " + shown);
            }
        }
        if (key.equals("quorum.cnxn.threads.size")) {
            // QuorumPeer's own size is the default and the least size a
            // configured one can give (a floor, written as a minimum).
            int floor = quorumCnxnThreads((Integer) def);
            if (quorumCnxnThreads(1) != floor || quorumCnxnThreads(floor + 1) != floor + 1) {
                throw new IllegalStateException(key + ": QuorumPeer no longer raises a size below " + floor + " to it");
            }
            def = floor;
            valid = "[" + floor + ",...]";
        }
        return new String[] {key, type, def == null ? "null" : def.toString(), valid};
    }

    // quorumCnxnThreads is the pool size a QuorumPeer takes from a
    // configured quorum.cnxn.threads.size: QuorumPeer keeps its own larger
    // default when the configured size is not above it.
    static int quorumCnxnThreads(int configured) throws Exception {
        Class<?> qp = Class.forName("org.apache.zookeeper.server.quorum.QuorumPeer");
        Object peer = qp.getConstructor().newInstance();
        Method set = qp.getDeclaredMethod("setQuorumCnxnThreadsSize", int.class);
        set.setAccessible(true);
        set.invoke(peer, configured);
        Field f = qp.getDeclaredField("quorumCnxnThreadsSize");
        f.setAccessible(true);
        return f.getInt(peer);
    }

    // stringConstants returns the String constants of a class's constant
    // pool, read from its class file.
    static List<String> stringConstants(Class<?> c) throws Exception {
        byte[] b;
        try (java.io.InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            b = in.readAllBytes();
        }
        java.io.DataInputStream d = new java.io.DataInputStream(new java.io.ByteArrayInputStream(b));
        d.readInt(); // magic
        d.readUnsignedShort(); // minor
        d.readUnsignedShort(); // major
        int n = d.readUnsignedShort();
        String[] utf8 = new String[n];
        List<Integer> refs = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            int tag = d.readUnsignedByte();
            switch (tag) {
                case 1: utf8[i] = d.readUTF(); break;
                case 8: refs.add(d.readUnsignedShort()); break;
                case 7: case 16: case 19: case 20: d.readUnsignedShort(); break;
                case 3: case 4: case 9: case 10: case 11: case 12: case 17: case 18: d.readInt(); break;
                case 5: case 6: d.readLong(); i++; break;
                case 15: d.readUnsignedByte(); d.readUnsignedShort(); break;
                default: throw new IllegalStateException(c.getName() + ": constant pool tag " + tag);
            }
        }
        List<String> out = new ArrayList<>();
        for (int r : refs) {
            out.add(utf8[r]);
        }
        return out;
    }

    // printSets prints, one "name<TAB>key,key,..." line each, the sets of
    // broker keys Kafka treats specially per listener (the catalogue's
    // MechanismKey, ListenerKey and DynamicOnlyPerListener are checked
    // against them): the keys read per listener and SASL mechanism and the
    // cluster-level listener configs of DynamicBrokerConfig (a Java class in
    // 4.x, private vals of a Scala object in 3.x), and the TLS store settings
    // that change at run time only per listener.
    @SuppressWarnings("unchecked")
    static void printSets() throws Exception {
        Map<String, java.util.Collection<String>> sets = new java.util.LinkedHashMap<>();
        try {
            Class<?> c = Class.forName("org.apache.kafka.server.config.DynamicBrokerConfig");
            for (String[] f : new String[][] {{"listener_mechanism_configs", "LISTENER_MECHANISM_CONFIGS"}, {"cluster_level_listener_configs", "CLUSTER_LEVEL_LISTENER_CONFIGS"}}) {
                Field field = c.getDeclaredField(f[1]);
                field.setAccessible(true);
                sets.put(f[0], (java.util.Collection<String>) field.get(null));
            }
        } catch (ClassNotFoundException e) {
            Class<?> c = Class.forName("kafka.server.DynamicBrokerConfig$");
            Object module = c.getField("MODULE$").get(null);
            for (String[] f : new String[][] {{"listener_mechanism_configs", "ListenerMechanismConfigs"}, {"cluster_level_listener_configs", "ClusterLevelListenerConfigs"}}) {
                Method m = c.getDeclaredMethod(f[1]);
                m.setAccessible(true);
                sets.put(f[0], scala.jdk.javaapi.CollectionConverters.asJava((scala.collection.Set<String>) m.invoke(module)));
            }
        }
        sets.put("ssl_reconfigurable_configs", org.apache.kafka.common.config.SslConfigs.RECONFIGURABLE_CONFIGS);
        for (Map.Entry<String, java.util.Collection<String>> e : sets.entrySet()) {
            System.out.println(e.getKey() + "\t" + String.join(",", new java.util.TreeSet<>(e.getValue())));
        }
    }

    // kafkaVersion is the version of the kafka-clients jar on the class path
    // (AppInfoParser moved to an internals package in 4.x).
    static String kafkaVersion() throws Exception {
        for (String name : new String[] {"org.apache.kafka.common.utils.AppInfoParser", "org.apache.kafka.common.utils.internals.AppInfoParser"}) {
            try {
                return (String) Class.forName(name).getMethod("getVersion").invoke(null);
            } catch (ClassNotFoundException e) {
                // try the other place
            }
        }
        throw new IllegalStateException("no AppInfoParser on the class path");
    }

    // serverSynonym is the broker config that gives a topic config its
    // default ("" when there is none).
    @SuppressWarnings("unchecked")
    static String serverSynonym(String topicConfig) throws Exception {
        Class<?> c = Class.forName("org.apache.kafka.server.config.ServerTopicConfigSynonyms");
        Map<String, String> m = (Map<String, String>) c.getField("TOPIC_CONFIG_SYNONYMS").get(null);
        String s = m.get(topicConfig);
        return s == null ? "" : s;
    }
}
