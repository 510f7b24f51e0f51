//go:build linux

package harness

import "syscall"

// childAttr puts a server in a process group of its own (a terminal's
// Ctrl-C reaches the test binary, whose cleanup stops the server) and has
// the kernel kill it should the test binary die first.
func childAttr() *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
}
