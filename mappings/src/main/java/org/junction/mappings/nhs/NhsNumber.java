package org.junction.mappings.nhs;

/**
 * NHS number handling. The number stays a string throughout: it is an identifier, not a quantity,
 * and a numeric type would lose nothing today but invites arithmetic and formatting surprises.
 */
public final class NhsNumber {

    private static final int LENGTH = 10;

    private NhsNumber() {
    }

    /**
     * Removes the spaces of the usual {@code 3 3 4} display form ({@code 943 476 5919}). Nothing
     * else is altered, so a value with other separators is still rejected by the checks below.
     */
    public static String normalise(String value) {
        if (value == null) {
            return null;
        }
        return value.replace(" ", "");
    }

    /** True when the value is exactly ten digits once spaces are removed; says nothing about the check digit. */
    public static boolean isWellFormed(String value) {
        String digits = normalise(value);
        if (digits == null || digits.length() != LENGTH) {
            return false;
        }
        for (int i = 0; i < LENGTH; i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The NHS Modulus 11 check: digits one to nine weighted 10 down to 2, check digit
     * {@code 11 - (sum mod 11)}, where 11 becomes 0 and 10 means no valid number has this prefix.
     */
    public static boolean isValid(String value) {
        if (!isWellFormed(value)) {
            return false;
        }
        String digits = normalise(value);
        int sum = 0;
        for (int i = 0; i < LENGTH - 1; i++) {
            sum += (digits.charAt(i) - '0') * (LENGTH - i);
        }
        int check = 11 - (sum % 11);
        if (check == 11) {
            check = 0;
        }
        return check != 10 && check == digits.charAt(LENGTH - 1) - '0';
    }
}
