// Package stackmodel says what a Kafka or ZooKeeper service in a compose
// file is: which image it runs and what that image is (Kafka or ZooKeeper,
// the way it turns environment variables into configuration, where it keeps
// its data, the version its tag implies), what each of its environment
// variables means, and the configuration its server ends up with.
//
// It is the one place these facts live. The generator (package compose) and
// the linter (package lint) both read them, so the two cannot disagree about
// an image: `kafkit compose config` derives the configuration of every image
// `kafkit lint` checks. The parameters themselves, and the per-variable rules
// of the images the catalogue describes, are the catalogue's (package
// catalog); this package adds the images, their repositories and defaults,
// and the variables of images the catalogue leaves out.
package stackmodel
