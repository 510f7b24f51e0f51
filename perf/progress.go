package perf

import (
	"fmt"
	"io"
	"strings"
	"sync"
	"time"
)

// progressInterval is how often the progress line is redrawn: often enough
// to look alive, rarely enough to cost nothing next to the load itself.
const progressInterval = 200 * time.Millisecond

// Progress draws a one-line progress bar, redrawn in place with a carriage
// return. Commands start it only when stderr is a terminal, so redirected
// output never fills with control characters.
type Progress struct {
	w     io.Writer
	label string
	total int64
	done  func() int64
	start time.Time

	stop chan struct{}
	wg   sync.WaitGroup
	once sync.Once
}

// StartProgress draws a bar on w labelled label that counts done() up to
// total (0 when unknown) until Stop is called. A nil w returns a Progress
// whose Stop does nothing.
func StartProgress(w io.Writer, label string, total int64, done func() int64) *Progress {
	p := &Progress{w: w, label: label, total: total, done: done, start: time.Now(), stop: make(chan struct{})}
	if w == nil {
		return p
	}
	p.wg.Add(1)
	go p.loop()
	return p
}

func (p *Progress) loop() {
	defer p.wg.Done()
	t := time.NewTicker(progressInterval)
	defer t.Stop()
	for {
		select {
		case <-p.stop:
			// Erase the line so the summary starts on a clean one.
			fmt.Fprint(p.w, "\r\x1b[K")
			return
		case now := <-t.C:
			fmt.Fprint(p.w, "\r\x1b[K"+renderProgress(p.label, p.done(), p.total, now.Sub(p.start)))
		}
	}
}

// Stop erases the bar and waits for its goroutine to end. It is safe to call
// more than once.
func (p *Progress) Stop() {
	p.once.Do(func() {
		close(p.stop)
		p.wg.Wait()
	})
}

// barWidth is the number of cells of the bar itself.
const barWidth = 30

// renderProgress formats one progress line, without control characters.
func renderProgress(label string, done, total int64, elapsed time.Duration) string {
	rate := 0.0
	if s := elapsed.Seconds(); s > 0 {
		rate = float64(done) / s
	}
	if total <= 0 {
		return fmt.Sprintf("%s %d records  %s rec/s  %s", label, done, humanCount(rate), elapsed.Truncate(100*time.Millisecond))
	}
	frac := float64(done) / float64(total)
	if frac > 1 {
		frac = 1
	}
	filled := int(frac * barWidth)
	bar := strings.Repeat("=", filled)
	if filled < barWidth {
		bar += ">" + strings.Repeat(" ", barWidth-filled-1)
	}
	return fmt.Sprintf("%s [%s] %5.1f%%  %d/%d  %s rec/s  %s", label, bar, frac*100, done, total, humanCount(rate), elapsed.Truncate(100*time.Millisecond))
}

// humanCount prints a rate with a k or M suffix.
func humanCount(v float64) string {
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%.2fM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%.1fk", v/1e3)
	}
	return fmt.Sprintf("%.0f", v)
}
