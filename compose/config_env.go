package compose

import (
	"fmt"
	"regexp"
	"sort"
	"strings"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/kafkit/kafkit/catalog"
)

// This file works out the configuration file an image's own start-up
// script writes from a service's environment, so that `kafkit compose
// config` can show what a service started the usual way (no command, only
// KAFKA_*/ZOOKEEPER_* variables) really receives, dropped variables
// included. The variable-by-variable rules are the catalogue's
// (catalog.ClassifyEnv); this file adds what the Confluent scripts write
// on their own, from kafkit's reference notes (confluent-images.md).

// imageRepo strips the registry host and the tag or digest from an image
// reference: "docker.io/confluentinc/cp-kafka:7.9.6" -> "confluentinc/cp-kafka".
func imageRepo(image string) string {
	ref, _, _ := strings.Cut(image, "@")
	if i := strings.LastIndex(ref, ":"); i > strings.LastIndex(ref, "/") {
		ref = ref[:i]
	}
	if parts := strings.SplitN(ref, "/", 2); len(parts) == 2 && strings.ContainsAny(parts[0], ".:") {
		ref = parts[1]
	}
	return strings.TrimPrefix(ref, "library/")
}

// imageConventions maps image repositories to the catalogue's variable
// conventions.
var imageConventions = map[string]catalog.Image{
	"confluentinc/cp-kafka":            catalog.CPKafka,
	"confluentinc/cp-server":           catalog.CPKafka,
	"confluentinc/cp-enterprise-kafka": catalog.CPKafka,
	"confluentinc/cp-zookeeper":        catalog.CPZooKeeper,
	"apache/kafka":                     catalog.ApacheKafka,
	"bitnami/kafka":                    catalog.BitnamiKafka,
	"wurstmeister/kafka":               catalog.Wurstmeister,
	"zookeeper":                        catalog.ZooKeeperOfficial,
}

// imageEnvConfig derives the configuration file of a service whose image
// writes it from environment variables. It returns the entries, the
// server ("kafka" or "zookeeper") and a note on how complete the picture
// is.
func imageEnvConfig(svc types.ServiceConfig) ([]ConfigEntry, string, string, error) {
	img, ok := imageConventions[imageRepo(svc.Image)]
	if !ok {
		return nil, "", "", fmt.Errorf("image %q starts its server its own way, and kafkit does not know how it turns variables into a configuration file: start the server with a mounted file (kafka-server-start FILE) to inspect it", svc.Image)
	}
	env := map[string]string{}
	for k, v := range svc.Environment {
		if v != nil {
			env[k] = *v
		}
	}
	server, note := "kafka", ""
	if img.Info().Component == catalog.ZooKeeper {
		server = "zookeeper"
	}
	var out []ConfigEntry
	switch img {
	case catalog.CPKafka:
		cpKafkaDefaults(env)
	case catalog.CPZooKeeper:
		out = cpZooKeeperFixed(env)
	default:
		note = "; only the variables are shown, not what the image adds on its own"
	}
	// The scripts write variables in process-environment order, which
	// compose does not define: sorted here.
	names := make([]string, 0, len(env))
	for k := range env {
		names = append(names, k)
	}
	sort.Strings(names)
	for _, name := range names {
		ref := catalog.ClassifyEnv(img, name)
		switch ref.Kind {
		case catalog.EnvProperty, catalog.EnvLeak, catalog.EnvNoEffect, catalog.EnvFamily:
			for _, a := range catalog.ParseEnvSetting(img, name, env[name]) {
				out = setEntry(out, a.Key, a.Value)
			}
		case catalog.EnvCarrier:
			if name == "ZOO_CFG_EXTRA" {
				for _, a := range catalog.ParseEnvSetting(img, name, env[name]) {
					out = setEntry(out, a.Key, a.Value)
				}
			}
		}
	}
	return out, server, note, nil
}

var cpListenerHost = regexp.MustCompile(`://(.*?):`)

// cpKafkaDefaults applies what cp-kafka's image and configure step put in
// the environment before kafka.properties is rendered: the Dockerfile
// declares KAFKA_ZOOKEEPER_CONNECT and KAFKA_ADVERTISED_LISTENERS (empty
// unless set), and an unset KAFKA_LISTENERS is derived from the advertised
// listeners with every host made 0.0.0.0, except on a controller-only node.
func cpKafkaDefaults(env map[string]string) {
	for _, k := range []string{"KAFKA_ZOOKEEPER_CONNECT", "KAFKA_ADVERTISED_LISTENERS"} {
		if _, ok := env[k]; !ok {
			env[k] = ""
		}
	}
	if _, ok := env["KAFKA_LISTENERS"]; !ok && env["KAFKA_PROCESS_ROLES"] != "controller" && env["KAFKA_ADVERTISED_LISTENERS"] != "" {
		env["KAFKA_LISTENERS"] = cpListenerHost.ReplaceAllString(env["KAFKA_ADVERTISED_LISTENERS"], "://0.0.0.0:")
	}
}

// cpZooKeeperFixed returns the lines cp-zookeeper's template always
// writes first, and applies the configure step's defaults: with
// ZOOKEEPER_SERVERS set, initLimit 10 and syncLimit 5 unless given.
func cpZooKeeperFixed(env map[string]string) []ConfigEntry {
	if env["ZOOKEEPER_SERVERS"] != "" {
		for k, v := range map[string]string{"ZOOKEEPER_INIT_LIMIT": "10", "ZOOKEEPER_SYNC_LIMIT": "5"} {
			if _, ok := env[k]; !ok {
				env[k] = v
			}
		}
	} else {
		delete(env, "ZOOKEEPER_SERVERS")
	}
	return []ConfigEntry{{"dataDir", stackZKData}, {"dataLogDir", stackZKLog}}
}
