package cli

import (
	"fmt"
	"path/filepath"

	"github.com/kafkit/kafkit/compose"
)

// writeSecuredCompose writes a secured stack and the files next to it,
// and says on stderr what each one is and how to use it.
func writeSecuredCompose(opts *composeOptions, so compose.StackOptions) error {
	files, err := compose.WriteStack(so, opts.Output, compose.WriteOptions{NewCA: opts.NewCA})
	if err != nil {
		return err
	}
	for _, f := range files {
		mode := ""
		if f.Private {
			mode = " (0600)"
		}
		fmt.Fprintf(opts.IO.Err, "wrote %s%s: %s\n", f.Path, mode, f.What)
	}
	dir := filepath.Dir(opts.Output)
	fmt.Fprintf(opts.IO.Err, "start it with: cd %s && docker compose -f %s up -d\n", dir, filepath.Base(opts.Output))
	fmt.Fprintf(opts.IO.Err, "then, from %s: kafkit produce -F client.properties conversas \"hello\" && kafkit consume -F client.properties conversas -e\n", dir)
	return nil
}
