// Args prints its arguments, one "arg <hex>" line each (the hex of the
// argument's UTF-16 code units, "-" when empty), for javaconf's
// differential test of JVM argument files: the test runs
//
//	java -cp <classes> @file
//
// with a file that starts with "Args" (the main class), so the launcher
// expands the rest of the file into this program's arguments.
public class Args {
    public static void main(String[] args) {
        for (String a : args) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < a.length(); i++) {
                b.append(String.format("%04x", (int) a.charAt(i)));
            }
            System.out.println("arg " + (b.length() == 0 ? "-" : b.toString()));
        }
    }
}
