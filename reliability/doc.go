// Package reliability holds kafkit's reliability tests: whole kafkit
// processes (dev, produce, consume) killed and restarted while records flow,
// failure paths that must end in a clear error within their timeout, and a
// goroutine-leak check over the in-process ones. It has no API; the tests
// are the point. They stay bounded for `make test`; the longer variants
// (names containing Soak) run with KAFKIT_SOAK=1, as `make soak` does.
package reliability
