package client

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"
	"syscall"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Session is a franz-go client that has answered a ping, as Connect returns
// it. Its Close is bounded, so that a broker that went away cannot hold the
// process when it exits.
type Session struct {
	// Client is the franz-go client. Close the Session, not the Client,
	// to keep the bound.
	Client *kgo.Client
	// Config is the configuration the client was built from.
	Config *Config

	closeWithin  time.Duration
	closeOnce    sync.Once
	closedInTime bool
}

// Connect builds cfg's client, with extra options after (and winning over)
// the properties, and checks that a broker answers within timeout (and
// ctx). It is the one way a command reaches a broker: produce, consume,
// topic, group, broker config, perf and demo all start here.
//
// Errors, each meant to be shown as it is:
//   - a configuration franz-go refuses: a PropertyError (the user's to fix);
//   - ctx cancelled: ctx.Err(), so that an interrupt is not reported as an
//     unreachable broker;
//   - otherwise Ping's: an UnreachableError naming the brokers, or an
//     authentication or TLS diagnosis.
//
// On error the client is already closed. The Session's Close waits at most
// timeout as well.
func Connect(ctx context.Context, cfg *Config, timeout time.Duration, extra ...kgo.Opt) (*Session, error) {
	if timeout <= 0 {
		return nil, fmt.Errorf("client: connect timeout %s: must be positive", timeout)
	}
	cl, err := cfg.NewClient(extra...)
	if err != nil {
		return nil, err
	}
	s := &Session{Client: cl, Config: cfg, closeWithin: timeout}
	pctx, cancel := context.WithTimeout(ctx, timeout)
	err = Ping(pctx, cl, cfg.Brokers)
	cancel()
	if err != nil {
		s.Close()
		if errors.Is(ctx.Err(), context.Canceled) {
			return nil, ctx.Err()
		}
		return nil, err
	}
	return s, nil
}

// Close closes the client, leaving its group if it has one, and waits for
// that at most the timeout given to Connect; it reports whether the close
// finished in time. Later calls return the first call's answer at once.
func (s *Session) Close() bool {
	s.closeOnce.Do(func() { s.closedInTime = CloseBounded(s.Client, s.closeWithin) })
	return s.closedInTime
}

// CloseBounded closes the client (leaving its group, if any) but gives up
// waiting after d, so that a dead broker cannot hold the process; it reports
// whether the close finished.
func CloseBounded(cl *kgo.Client, d time.Duration) bool {
	done := make(chan struct{})
	go func() { cl.Close(); close(done) }()
	select {
	case <-done:
		return true
	case <-time.After(d):
		return false
	}
}

// Ping checks that a broker answers, bounded by ctx, and turns a failure
// into an error that names the brokers and says how to get one. brokers are
// the names the error gives; nil means the client's seed brokers, for a
// client built without a Config (perf's tests and benchmarks).
func Ping(ctx context.Context, cl *kgo.Client, brokers []string) error {
	if brokers == nil {
		brokers, _ = cl.OptValue(kgo.SeedBrokers).([]string)
	}
	// franz-go's connection handshake (ApiVersions) runs under its own
	// request timeout, 10s by default, and does not stop when ctx does: a
	// broker that accepts connections but never answers would hold Ping
	// past ctx. Waiting in a goroutine keeps the bound; closing the client
	// ends that goroutine.
	res := make(chan error, 1)
	go func() { res <- cl.Ping(ctx) }()
	var err error
	select {
	case err = <-res:
	case <-ctx.Done():
		err = ctx.Err()
	}
	if err == nil {
		return nil
	}
	if ctx.Err() != nil && errors.Is(err, ctx.Err()) {
		if errors.Is(err, context.Canceled) {
			return err
		}
		err = fmt.Errorf("no answer within the timeout: %w", ctx.Err())
	}
	tlsCfg, _ := cl.OptValue(kgo.DialTLSConfig).(*tls.Config)
	hasCert := tlsCfg != nil && len(tlsCfg.Certificates) > 0
	if ae := authFailure(err, brokers, hasCert); ae != nil {
		return ae
	}
	if tlsCfg == nil && (errors.Is(err, io.EOF) || errors.Is(err, syscall.ECONNRESET)) && ctx.Err() == nil {
		for _, b := range brokers {
			if probeTLS(ctx, b) {
				return plaintextToTLS(err, []string{b})
			}
		}
	}
	return &UnreachableError{Brokers: brokers, Err: err}
}

// UnreachableError says no bootstrap broker could be reached.
type UnreachableError struct {
	Brokers []string
	Err     error
}

func (e *UnreachableError) Error() string {
	hint := ""
	for _, b := range e.Brokers {
		if strings.HasPrefix(b, "localhost:") || strings.HasPrefix(b, "127.0.0.1:") {
			hint = ` (start one with "kafkit dev", or point -b at yours)`
			break
		}
	}
	return fmt.Sprintf("unable to reach broker %s: %v%s", strings.Join(e.Brokers, ","), e.Err, hint)
}

func (e *UnreachableError) Unwrap() error { return e.Err }
