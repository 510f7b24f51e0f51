// Props loads every file named on the command line with java.util.Properties
// and prints what it holds, for javaconf's differential tests. Usage:
//
//	java Props.java stream|utf8 file...
//
// "stream" reads through Properties.load(InputStream), as Kafka's
// Utils.loadProps does (one ISO-8859-1 character per byte); "utf8" reads
// through Properties.load(Reader) with a UTF-8 reader. For each file it
// prints "file <name>", one "put <key> <value>" line per put in the order
// load made them (so duplicates show), then "ok" or "error <message>".
// Keys and values are printed as the hex of their UTF-16 code units, a lone
// surrogate replaced by U+FFFD (which is what a Go string holds instead),
// so that no character can be lost or confused on the way.
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Properties;

public class Props {
    static String hex(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                b.append(String.format("%04x%04x", (int) c, (int) s.charAt(i + 1)));
                i++;
                continue;
            }
            if (Character.isSurrogate(c)) {
                c = '\uFFFD';
            }
            b.append(String.format("%04x", (int) c));
        }
        return b.length() == 0 ? "-" : b.toString();
    }

    public static void main(String[] args) throws Exception {
        boolean stream = args[0].equals("stream");
        for (int i = 1; i < args.length; i++) {
            System.out.println("file " + args[i]);
            Properties p = new Properties() {
                @Override
                public synchronized Object put(Object k, Object v) {
                    System.out.println("put " + hex((String) k) + " " + hex((String) v));
                    return super.put(k, v);
                }
            };
            try {
                if (stream) {
                    try (InputStream in = Files.newInputStream(Paths.get(args[i]))) {
                        p.load(in);
                    }
                } else {
                    try (Reader r = new InputStreamReader(Files.newInputStream(Paths.get(args[i])), StandardCharsets.UTF_8)) {
                        p.load(r);
                    }
                }
                System.out.println("ok");
            } catch (IllegalArgumentException e) {
                System.out.println("error " + e.getMessage());
            }
        }
    }
}
