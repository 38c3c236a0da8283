package dev.sluice.billing;

/** Checks shared by the requests. */
public final class Fields {

    private Fields() {
    }

    public static String required(String field, String value, int maxLength) {
        if (value.isBlank()) {
            throw new InvalidRequestException(field, "required");
        }
        return maxLength(field, value, maxLength);
    }

    public static String maxLength(String field, String value, int maxLength) {
        if (value.length() > maxLength) {
            throw new InvalidRequestException(field, "at most " + maxLength + " characters");
        }
        return value;
    }
}
