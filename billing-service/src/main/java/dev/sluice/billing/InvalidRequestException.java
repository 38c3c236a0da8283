package dev.sluice.billing;

/** A request the caller must fix; the message starts with the field's path. Leaves as INVALID_ARGUMENT. */
public class InvalidRequestException extends RuntimeException {
    public InvalidRequestException(String field, String problem) {
        super(field + ": " + problem);
    }
}
