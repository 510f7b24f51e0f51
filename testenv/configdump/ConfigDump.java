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

        out.println("# Apache Kafka " + kafkaVersion() + " ConfigDef dump (testenv/configdump/ConfigDump.java); internal configs of the broker only, and the authorizers' keys (source column)");
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
