// ConfigDump prints the configuration definitions (ConfigDef) of the Apache
// Kafka version whose jars are on the class path: every broker, topic,
// producer, consumer and admin-client config, one tab-separated line each,
// with the facts Kafka's generated documentation shows (type, default, valid
// values, importance) and, for the broker, the dynamic update mode.
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
            } else {
                System.err.println("usage: ConfigDump [--docs FILE]");
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

        out.println("# Apache Kafka " + kafkaVersion() + " ConfigDef dump (testenv/configdump/ConfigDump.java); internal configs left out, as Kafka's docs leave them out");
        out.println("component\tname\ttype\tdefault\tvalid_values\timportance\tupdate_mode\tserver_default_property");
        if (docs != null) {
            docs.println("component\tname\tdoc");
        }
        for (Map.Entry<String, ConfigDef> e : defs.entrySet()) {
            String comp = e.getKey();
            Map<String, ConfigDef.ConfigKey> keys = new TreeMap<>(e.getValue().configKeys());
            for (ConfigDef.ConfigKey k : keys.values()) {
                if (k.internalConfig) {
                    continue;
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
                        k.importance.toString().toLowerCase(Locale.ROOT), mode, synonym));
                if (docs != null) {
                    docs.println(String.join("\t", comp, k.name, flat(k.documentation == null ? "" : k.documentation)));
                }
            }
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
