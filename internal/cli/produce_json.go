package cli

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// recordIn is what produce --format json reads: the shape consume --format
// json prints (recordView). Topic and offset are accepted and not used: the
// command's TOPIC is the destination and the broker assigns offsets.
type recordIn struct {
	Topic         *string      `json:"topic"`
	Partition     *int32       `json:"partition"`
	Offset        *int64       `json:"offset"`
	Timestamp     *int64       `json:"timestamp"`
	Key           *string      `json:"key"`
	KeyEncoding   string       `json:"key_encoding"`
	Value         *string      `json:"value"`
	ValueEncoding string       `json:"value_encoding"`
	Headers       []headerView `json:"headers"`
}

// decodeBytes undoes viewBytes: null is nil, text is its bytes, base64 is
// decoded.
func decodeBytes(field string, s *string, encoding string) ([]byte, error) {
	switch encoding {
	case "", "base64":
	default:
		return nil, fmt.Errorf("%s_encoding %q: want base64 or nothing", field, encoding)
	}
	if s == nil {
		if encoding != "" {
			return nil, fmt.Errorf("%s is null but %s_encoding is %q", field, field, encoding)
		}
		return nil, nil
	}
	if encoding == "" {
		return []byte(*s), nil
	}
	b, err := base64.StdEncoding.DecodeString(*s)
	if err != nil {
		return nil, fmt.Errorf("%s: invalid base64: %w", field, err)
	}
	return b, nil
}

// jsonRecords returns a client.ProduceInput.Records function reading one
// JSON object after another from in. keepPartition uses each record's
// partition (which it must then have).
func jsonRecords(in io.Reader, keepPartition bool) func(*kgo.Record) error {
	dec := json.NewDecoder(in)
	dec.DisallowUnknownFields()
	return func(r *kgo.Record) error {
		var v recordIn
		if err := dec.Decode(&v); err != nil {
			if err == io.EOF {
				return io.EOF
			}
			var se *json.SyntaxError
			if errors.As(err, &se) {
				return fmt.Errorf("invalid JSON at byte %d of the input: %w", se.Offset, err)
			}
			return fmt.Errorf("invalid record: %w (want the objects kafkit consume --format json prints)", err)
		}
		return fillRecord(r, v, keepPartition)
	}
}

func fillRecord(r *kgo.Record, v recordIn, keepPartition bool) error {
	var err error
	if r.Key, err = decodeBytes("key", v.Key, v.KeyEncoding); err != nil {
		return err
	}
	if r.Value, err = decodeBytes("value", v.Value, v.ValueEncoding); err != nil {
		return err
	}
	if v.Timestamp != nil {
		if *v.Timestamp < 0 {
			return fmt.Errorf("timestamp %d: want milliseconds since the epoch", *v.Timestamp)
		}
		r.Timestamp = time.UnixMilli(*v.Timestamp)
	}
	r.Headers = nil
	for i, h := range v.Headers {
		hv, err := decodeBytes(fmt.Sprintf("headers[%d].value", i), h.Value, h.ValueEncoding)
		if err != nil {
			return err
		}
		r.Headers = append(r.Headers, kgo.RecordHeader{Key: h.Key, Value: hv})
	}
	if keepPartition {
		if v.Partition == nil || *v.Partition < 0 {
			return errors.New("--keep-partitions: the record has no partition")
		}
		r.Partition = *v.Partition
	}
	return nil
}

// argRecords is jsonRecords over VALUE arguments, one object each.
func argRecords(args []string, keepPartition bool) func(*kgo.Record) error {
	var buf bytes.Buffer
	for _, a := range args {
		buf.WriteString(a)
		buf.WriteByte('\n')
	}
	return jsonRecords(&buf, keepPartition)
}
