package client

import (
	"context"
	"errors"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"

	"github.com/kafkit/kafkit/internal/harness"
)

// TestConnect: on both brokers, Connect hands back a client that has
// answered, for each role, and its Close finishes within the bound, once.
func TestConnect(t *testing.T) {
	harness.Brokers(t, func(t *testing.T, b *harness.Broker) {
		ctx := testCtx(t)
		n := newNames(t, b, 1)
		topic := n.topic("connect")

		t.Run("admin", func(t *testing.T) {
			cfg, err := Layers{Getenv: env(b.Addr)}.Load(Admin)
			if err != nil {
				t.Fatal(err)
			}
			s, err := Connect(ctx, cfg, 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if s.Config != cfg {
				t.Error("the session does not carry its configuration")
			}
			topics, err := ListTopics(ctx, s.Client, false)
			if err != nil {
				t.Fatal(err)
			}
			found := false
			for _, tp := range topics {
				found = found || tp.Name == topic
			}
			if !found {
				t.Errorf("topic %s not listed through the session", topic)
			}
		})

		t.Run("producer", func(t *testing.T) {
			cfg, err := Load(Producer, props("bootstrap.servers", b.Addr))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Connect(ctx, cfg, 10*time.Second)
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if err := s.Client.ProduceSync(ctx, &kgo.Record{Topic: topic, Value: []byte("v")}).FirstErr(); err != nil {
				t.Fatal(err)
			}
		})

		t.Run("group consumer leaves on close", func(t *testing.T) {
			cfg, err := Load(Consumer, props("bootstrap.servers", b.Addr, "group.id", n.group("connect"), "auto.offset.reset", "earliest"))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Connect(ctx, cfg, 10*time.Second, kgo.ConsumeTopics(topic))
			if err != nil {
				t.Fatal(err)
			}
			if g, _ := s.Client.OptValue(kgo.ConsumerGroup).(string); g != cfg.Group {
				t.Errorf("group %q, want %q", g, cfg.Group)
			}
			if fs := s.Client.PollRecords(ctx, 1); fs.Err0() != nil || fs.NumRecords() != 1 {
				t.Fatalf("poll: %d records, err %v", fs.NumRecords(), fs.Err0())
			}
			if !s.Close() {
				t.Fatal("Close did not finish within the bound")
			}
			described, err := harness.Admin(t, b.Addr).DescribeGroups(ctx, cfg.Group)
			if err != nil {
				t.Fatal(err)
			}
			if g := described[cfg.Group]; len(g.Members) != 0 {
				t.Errorf("group %s still has %d members after Close", cfg.Group, len(g.Members))
			}
			start := time.Now()
			if !s.Close() || time.Since(start) > time.Second {
				t.Errorf("a second Close took %s or failed; it should answer at once", time.Since(start))
			}
		})

		t.Run("groupless consumer", func(t *testing.T) {
			cfg, err := Load(Consumer, props("bootstrap.servers", b.Addr, "group.id", "unused", "enable.auto.commit", "true"))
			if err != nil {
				t.Fatal(err)
			}
			s, err := Connect(ctx, cfg.Groupless(), 10*time.Second, kgo.ConsumePartitions(map[string]map[int32]kgo.Offset{topic: {0: kgo.NewOffset().AtStart()}}))
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			if g, _ := s.Client.OptValue(kgo.ConsumerGroup).(string); g != "" {
				t.Errorf("groupless client is in group %q", g)
			}
			if cfg.Group != "unused" {
				t.Errorf("Groupless changed the original configuration's group to %q", cfg.Group)
			}
		})
	})
}

// silentBroker accepts connections and never answers, as a hung broker or a
// port forwarded to nothing does. Connections are closed at cleanup.
func silentBroker(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, c)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return ln.Addr().String()
}

// TestConnectErrors: each way Connect fails says which one, within its
// bound, with the messages the commands print.
func TestConnectErrors(t *testing.T) {
	producer := func(t *testing.T, addr string) *Config {
		t.Helper()
		cfg, err := Load(Producer, props("bootstrap.servers", addr))
		if err != nil {
			t.Fatal(err)
		}
		return cfg
	}

	t.Run("nobody listens", func(t *testing.T) {
		_, err := Connect(testCtx(t), producer(t, "127.0.0.1:1"), 5*time.Second)
		var ue *UnreachableError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "unable to reach broker 127.0.0.1:1") || !strings.Contains(err.Error(), "kafkit dev") {
			t.Fatalf("err = %v, want an UnreachableError naming the broker", err)
		}
		if IsUserError(err) {
			t.Error("an unreachable broker counted as the user's property error")
		}
	})

	t.Run("a broker that never answers", func(t *testing.T) {
		addr := silentBroker(t)
		start := time.Now()
		_, err := Connect(testCtx(t), producer(t, addr), time.Second)
		var ue *UnreachableError
		if !errors.As(err, &ue) || !strings.Contains(err.Error(), "unable to reach broker "+addr+": no answer within the timeout") {
			t.Fatalf("err = %v, want no answer within the timeout from %s", err, addr)
		}
		// The ping gives up at the bound; closing the client may take
		// as long again.
		if d := time.Since(start); d > 4*time.Second {
			t.Errorf("Connect took %s with a 1s bound", d)
		}
	})

	t.Run("interrupted", func(t *testing.T) {
		addr := silentBroker(t)
		ctx, cancel := context.WithCancel(testCtx(t))
		time.AfterFunc(200*time.Millisecond, cancel)
		_, err := Connect(ctx, producer(t, addr), 10*time.Second)
		if err != context.Canceled {
			t.Fatalf("err = %v, want context.Canceled as it is, not an unreachable broker", err)
		}
	})

	t.Run("a configuration franz-go refuses", func(t *testing.T) {
		// A write limit below the batch limit (1 MiB): the user's to fix.
		_, err := Connect(testCtx(t), producer(t, "127.0.0.1:1"), 5*time.Second, kgo.BrokerMaxWriteBytes(1<<10))
		if !IsUserError(err) || !strings.Contains(err.Error(), "franz-go rejects the configuration") {
			t.Fatalf("err = %v, want a property conflict", err)
		}
	})

	t.Run("no bound", func(t *testing.T) {
		_, err := Connect(testCtx(t), producer(t, "127.0.0.1:1"), 0)
		if err == nil || !strings.Contains(err.Error(), "connect timeout 0s: must be positive") {
			t.Fatalf("err = %v", err)
		}
	})
}
