package org.junction.bench.load;

import java.util.random.RandomGenerator;

/**
 * Synthetic NHS numbers: always in the 999 range, which is never issued to a real person, and
 * always with a valid Modulus 11 check digit, so the hub's validation accepts them.
 */
public final class NhsNumbers {

    private NhsNumbers() {
    }

    /** The check digit of the first nine digits, or -1 when the number cannot be completed (remainder 10). */
    public static int checkDigit(String nineDigits) {
        if (nineDigits.length() != 9) {
            throw new IllegalArgumentException("nine digits expected");
        }
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nineDigits.charAt(i) - '0') * (10 - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            return 0;
        }
        return check == 10 ? -1 : check;
    }

    public static boolean isValid(String tenDigits) {
        if (tenDigits == null || !tenDigits.matches("\\d{10}")) {
            return false;
        }
        return checkDigit(tenDigits.substring(0, 9)) == tenDigits.charAt(9) - '0';
    }

    /** A random valid number starting 999. */
    public static String next(RandomGenerator random) {
        while (true) {
            String nine = "999" + String.format("%06d", random.nextInt(1_000_000));
            int check = checkDigit(nine);
            if (check >= 0) {
                return nine + check;
            }
        }
    }
}
