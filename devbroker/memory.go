package devbroker

import (
	"runtime/debug"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kfake"
	"github.com/twmb/franz-go/pkg/kmsg"
)

// Giving memory back after deletions.
//
// Without a data dir kfake keeps every segment in an in-memory file whose
// buffer doubles as it grows, so producing 100 MB leaves a few hundred MB of
// Go heap behind it. Deleting the topic (or its records) drops the buffers,
// but nothing then allocates enough to start a garbage collection, and the
// runtime keeps the freed heap mapped for reuse: `kafkit dev` stayed at
// 300-600 MiB with no data at all. So a deletion (DeleteTopics,
// DeleteRecords, retention) is followed, once deletions pause, by
// debug.FreeOSMemory: a collection that returns the freed pages to the
// system at once.

// releaseDelay is how long deletions must pause before the memory is
// returned: one collection for a burst of deletions, after kfake has done
// them (a control sees a request before kfake handles it).
const releaseDelay = 500 * time.Millisecond

// memRelease runs debug.FreeOSMemory once deletions pause.
type memRelease struct {
	mu     sync.Mutex
	t      *time.Timer
	closed bool
}

func newMemRelease() *memRelease { return &memRelease{} }

// soon asks for a release after releaseDelay without another request.
func (m *memRelease) soon() {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.closed {
		return
	}
	if m.t == nil {
		m.t = time.AfterFunc(releaseDelay, debug.FreeOSMemory)
		return
	}
	m.t.Reset(releaseDelay)
}

// close cancels a pending release.
func (m *memRelease) close() {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.closed = true
	if m.t != nil {
		m.t.Stop()
	}
}

// watch asks for a release after every request that deletes data.
func (m *memRelease) watch(c *kfake.Cluster) {
	for _, key := range []kmsg.Key{kmsg.DeleteTopics, kmsg.DeleteRecords} {
		c.ControlKey(int16(key), func(kmsg.Request) (kmsg.Response, error, bool) {
			c.KeepControl()
			m.soon()
			return nil, nil, false
		})
	}
}
