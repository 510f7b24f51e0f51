// Package doctor checks a running Kafka cluster the way a client on this
// machine sees it, behind `kafkit doctor`. Each check reports ok, warning or
// error with what was seen and, when something is wrong, the likely cause
// and the fix.
//
// The checks run in order, each bounded by Options.Timeout:
//
//  1. bootstrap: every bootstrap address resolves, accepts a TCP
//     connection, completes the TLS and SASL handshakes the client
//     properties ask for, and answers Kafka requests; a failure names the
//     step that failed;
//  2. advertised: every broker's advertised address, as the metadata gives
//     it, resolves and connects from here and answers for the same cluster;
//  3. versions and features: the API versions each broker offers, and
//     whether the client settings need something a broker lacks;
//  4. coordinator, __consumer_offsets and __transaction_state: consumer
//     groups (and transactions) can be served; with group.protocol=consumer,
//     a real consumer-protocol heartbeat once the coordinator answers;
//  5. partitions: none offline, none under-replicated;
//  6. round trip: one record produced with acks=all to a short-lived topic
//     and read back by a consumer group, with timings.
//
// Every client is built from a client.Config, kafkit's one client
// constructor, so that the same properties reach the same franz-go options
// as in `kafkit produce` and `kafkit consume`.
package doctor

import (
	"context"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
	"github.com/twmb/franz-go/pkg/kmsg"

	"github.com/kafkit/kafkit/client"
)

// Status is a check's outcome.
type Status string

// The outcomes. Skipped is for a check that could not run because an
// earlier one failed; only Error makes the doctor fail.
const (
	OK      Status = "ok"
	Warning Status = "warning"
	Error   Status = "error"
	Skipped Status = "skipped"
)

// The check names, as reports and tests use them.
const (
	CheckBootstrap        = "bootstrap"
	CheckAdvertised       = "advertised"
	CheckVersions         = "versions"
	CheckFeatures         = "features"
	CheckCoordinator      = "coordinator"
	CheckOffsetsTopic     = "consumer-offsets"
	CheckTransactionTopic = "transaction-state"
	CheckPartitions       = "partitions"
	CheckRoundTrip        = "round-trip"
)

// The steps of the bootstrap and advertised checks, in the order they run.
const (
	StepResolve = "resolve"
	StepTCP     = "tcp"
	StepTLS     = "tls"
	StepSASL    = "sasl"
	StepKafka   = "kafka"
)

// Result is the outcome of one check.
type Result struct {
	Check  string `json:"check"`
	Target string `json:"target,omitempty"` // an address, a broker, a topic
	Status Status `json:"status"`
	// Step is, for a failed connection, the step that failed: resolve,
	// tcp, tls, sasl or kafka.
	Step string `json:"step,omitempty"`
	Seen string `json:"seen"`
	// Fix says what to change; empty when nothing is wrong.
	Fix     string   `json:"fix,omitempty"`
	Timings []Timing `json:"timings,omitempty"`
}

// Timing is how long one part of a check took.
type Timing struct {
	Name     string  `json:"name"`
	Millis   float64 `json:"ms"`
	duration time.Duration
}

func timing(name string, d time.Duration) Timing {
	return Timing{Name: name, Millis: float64(d.Microseconds()) / 1000, duration: d}
}

// Report is every check's result, in the order they ran.
type Report struct {
	Bootstrap []string `json:"bootstrap"`
	ClusterID string   `json:"cluster_id,omitempty"`
	Results   []Result `json:"results"`
	// Failed is true when at least one check ended in error.
	Failed bool `json:"failed"`
}

// Uses is what the client application will use, beyond what kafkit's own
// clients apply: the doctor checks the cluster and the brokers' versions
// for them.
type Uses struct {
	// GroupProtocol is group.protocol: "classic" (or empty) or
	// "consumer", KIP-848's protocol, which needs brokers that offer the
	// ConsumerGroupHeartbeat API.
	GroupProtocol string
	// TransactionalID is transactional.id: when set, transactions need
	// __transaction_state and a transaction coordinator.
	TransactionalID string
	// GroupID is the application's group.id, whose coordinator the
	// coordinator check looks for; the doctor's own group when empty.
	GroupID string
}

// Options say what to check and with which clients.
type Options struct {
	// Admin, Producer and Consumer are the resolved client properties
	// for the doctor's three clients. Consumer must name a group (the
	// doctor's own, so that the round trip touches no real group).
	Admin, Producer, Consumer *client.Config
	Uses                      Uses

	// Timeout bounds every check (each probe of an address, each
	// request, the round trip as a whole).
	Timeout time.Duration
	// Topic is the round trip's topic: created and deleted by the doctor
	// when empty (kafkit-doctor-<random>), used as it is otherwise; a
	// topic that did not exist is created and then deleted unless Keep.
	Topic string
	// Keep leaves the round trip's topic in place.
	Keep bool

	// OnResult, when set, is called with each result as soon as its
	// check ends, so that a text report can be printed as it goes.
	OnResult func(Result)
}

// run carries what one run learns, from one check to the next.
type run struct {
	opts    Options
	report  Report
	meta    *kmsg.MetadataResponse // from the first bootstrap address that answered
	metaVia string                 // that address
	// metaVersions is that address's ApiVersions answer.
	metaVersions *kmsg.ApiVersionsResponse
	// versions holds each broker's ApiVersions answer, by node id, from
	// the advertised check (or the bootstrap one when no broker answered
	// at its advertised address).
	versions map[int32]*kmsg.ApiVersionsResponse
	// reachable is how many brokers answered at their advertised address.
	reachable int
	// coordinator is whether a group coordinator was found;
	// featuresFailed whether a broker lacks an API the settings need.
	coordinator, featuresFailed bool
	// brokerConfigs holds the configs of broker configsID, read once.
	brokerConfigs map[string]string
	configsID     int32
	// seed talks only to metaVia; admin to the whole cluster.
	seed, admin *kgo.Client
}

// Run runs every check in order and returns the report. It fails only on a
// canceled ctx; every problem with the cluster is a Result.
func Run(ctx context.Context, opts Options) (*Report, error) {
	if opts.Timeout <= 0 {
		opts.Timeout = 10 * time.Second
	}
	r := &run{opts: opts, versions: map[int32]*kmsg.ApiVersionsResponse{}}
	r.report.Bootstrap = opts.Admin.Brokers
	defer r.close()
	steps := []func(context.Context){
		r.checkBootstrap,
		r.checkAdvertised,
		r.checkVersions,
		r.checkFeatures,
		r.checkCoordinator,
		r.checkConsumerProtocol,
		r.checkOffsetsTopic,
		r.checkTransactionTopic,
		r.checkPartitions,
		r.checkRoundTrip,
	}
	for _, step := range steps {
		if err := ctx.Err(); err != nil {
			return &r.report, err
		}
		step(ctx)
	}
	if err := ctx.Err(); err != nil {
		return &r.report, err
	}
	return &r.report, nil
}

func (r *run) add(res Result) {
	if res.Status == Error {
		r.report.Failed = true
	}
	r.report.Results = append(r.report.Results, res)
	if r.opts.OnResult != nil {
		r.opts.OnResult(res)
	}
}

// skip reports a check that cannot run, saying why.
func (r *run) skip(check, why string) {
	r.add(Result{Check: check, Status: Skipped, Seen: why})
}

// bounded returns a context for one check or probe.
func (r *run) bounded(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, r.opts.Timeout)
}
