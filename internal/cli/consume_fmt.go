package cli

import (
	"encoding/binary"
	"fmt"
	"strconv"

	"github.com/twmb/franz-go/pkg/kgo"
)

// fmtHelp documents consume -f.
const fmtHelp = `-f FORMAT prints each record with a format string, as kcat -f does, so kcat
one-liners carry over. Nothing is added after a record: end the format with \n.
  %t topic         %p partition      %o offset         %T timestamp (ms)
  %k key           %K key length     %s value          %S value length
  %h headers (name=value,...)        %R value length as 4 bytes, big endian
  %% a percent sign; \n \r \t \\ and \xHH (one byte, in hex) escapes.
A missing key or value prints nothing and its length -1, as in kcat.`

// recordFormat is a compiled -f format: literal bytes and fields, in order.
type recordFormat []fmtPiece

type fmtPiece struct {
	lit   []byte
	field byte // 0 for a literal
}

// parseRecordFormat compiles a kcat-style format string.
func parseRecordFormat(s string) (recordFormat, error) {
	var out recordFormat
	var lit []byte
	flush := func() {
		if len(lit) > 0 {
			out = append(out, fmtPiece{lit: lit})
			lit = nil
		}
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch c {
		case '%':
			if i+1 == len(s) {
				return nil, fmt.Errorf("invalid format %q: it ends with a lone %%", s)
			}
			i++
			switch f := s[i]; f {
			case '%':
				lit = append(lit, '%')
			case 't', 'p', 'o', 'T', 'k', 'K', 's', 'S', 'h', 'R':
				flush()
				out = append(out, fmtPiece{field: f})
			default:
				return nil, fmt.Errorf("invalid format %q: unknown field %%%c (known: %%t %%p %%o %%T %%k %%K %%s %%S %%h %%R %%%%)", s, f)
			}
		case '\\':
			if i+1 == len(s) {
				return nil, fmt.Errorf("invalid format %q: it ends with a lone \\", s)
			}
			i++
			switch e := s[i]; e {
			case 'n':
				lit = append(lit, '\n')
			case 'r':
				lit = append(lit, '\r')
			case 't':
				lit = append(lit, '\t')
			case '\\':
				lit = append(lit, '\\')
			case 'x':
				if i+2 >= len(s) {
					return nil, fmt.Errorf(`invalid format %q: \x wants two hex digits`, s)
				}
				b, err := strconv.ParseUint(s[i+1:i+3], 16, 8)
				if err != nil {
					return nil, fmt.Errorf(`invalid format %q: \x wants two hex digits, not %q`, s, s[i+1:i+3])
				}
				lit = append(lit, byte(b))
				i += 2
			default:
				return nil, fmt.Errorf(`invalid format %q: unknown escape \%c (known: \n \r \t \\ \xHH)`, s, e)
			}
		default:
			lit = append(lit, c)
		}
	}
	flush()
	return out, nil
}

func appendLen(dst, b []byte) []byte {
	if b == nil {
		return append(dst, "-1"...)
	}
	return strconv.AppendInt(dst, int64(len(b)), 10)
}

// append writes r as the format says.
func (f recordFormat) append(dst []byte, r *kgo.Record) []byte {
	for _, p := range f {
		switch p.field {
		case 0:
			dst = append(dst, p.lit...)
		case 't':
			dst = append(dst, r.Topic...)
		case 'p':
			dst = strconv.AppendInt(dst, int64(r.Partition), 10)
		case 'o':
			dst = strconv.AppendInt(dst, r.Offset, 10)
		case 'T':
			dst = strconv.AppendInt(dst, r.Timestamp.UnixMilli(), 10)
		case 'k':
			dst = append(dst, r.Key...)
		case 'K':
			dst = appendLen(dst, r.Key)
		case 's':
			dst = append(dst, r.Value...)
		case 'S':
			dst = appendLen(dst, r.Value)
		case 'R':
			n := int32(-1)
			if r.Value != nil {
				n = int32(len(r.Value))
			}
			dst = binary.BigEndian.AppendUint32(dst, uint32(n))
		case 'h':
			for i, h := range r.Headers {
				if i > 0 {
					dst = append(dst, ',')
				}
				dst = append(dst, h.Key...)
				dst = append(dst, '=')
				dst = append(dst, h.Value...)
			}
		}
	}
	return dst
}
