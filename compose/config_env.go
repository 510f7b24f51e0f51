package compose

import (
	"fmt"

	"github.com/compose-spec/compose-go/v2/types"

	"github.com/kafkit/kafkit/stackmodel"
)

// This file works out the configuration file an image's own start-up
// script writes from a service's environment, so that `kafkit compose
// config` can show what a service started the usual way (no command, only
// KAFKA_*/ZOOKEEPER_* variables) really receives, dropped variables
// included. Which images kafkit knows, and what their scripts do, is the
// stack model's (package stackmodel), shared with the linter.

// imageEnvConfig derives the configuration file of a service whose image
// writes it from environment variables (stackmodel.EnvConfig). It returns
// the entries, the server ("kafka" or "zookeeper") and a note on how
// complete the picture is.
func imageEnvConfig(svc types.ServiceConfig) ([]ConfigEntry, string, string, error) {
	ref := stackmodel.ParseRef(svc.Image)
	img, ok := ref.Image()
	if !ok {
		return nil, "", "", fmt.Errorf("image %q starts its server its own way, and kafkit does not know how it turns variables into a configuration file: start the server with a mounted file (kafka-server-start FILE) to inspect it", svc.Image)
	}
	env := map[string]string{}
	for k, v := range svc.Environment {
		if v != nil {
			env[k] = *v
		}
	}
	entries, note := stackmodel.EnvConfig(img.Conv, env)
	out := make([]ConfigEntry, len(entries))
	for i, e := range entries {
		out[i] = ConfigEntry{e.Key, e.Value}
	}
	return out, img.Role.String(), note, nil
}
