package cli

import (
	"context"
	"fmt"
	"io"
	"sort"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/client"
	"github.com/kafkit/kafkit/devbroker"
)

// noteDevUnenforced tells, on w, which of the topic configs just set the
// development broker keeps without acting on them, so that nobody learns
// Kafka's behaviour from a setting that does nothing there. It asks the
// broker who it is only when such a config was set; on any other broker
// (Apache Kafka applies them all) it says nothing.
func noteDevUnenforced(ctx context.Context, cl *kgo.Client, w io.Writer, configs map[string]string) {
	var names []string
	for name, value := range configs {
		if !devbroker.EnforcesTopicConfig(name, value) {
			names = append(names, name)
		}
	}
	if len(names) == 0 {
		return
	}
	if id, err := client.ClusterID(ctx, cl); err != nil || id != devbroker.ClusterID {
		return
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "kafkit: note: the development broker (kafkit dev) stores %s=%s but does not apply it: it shows in describe, behaviour does not follow (Apache Kafka applies it)\n", name, configs[name])
	}
}
