package dev.sluice.apply.copy;

/** PostgreSQL COPY text format: tab-separated, \N for NULL, backslash escapes. */
final class CopyText {

    private CopyText() {
    }

    static void appendField(StringBuilder sb, String value) {
        if (value == null) {
            sb.append("\\N");
            return;
        }
        for (int i = 0; i < value.length(); i++) {
            char ch = value.charAt(i);
            switch (ch) {
                case '\\':
                    sb.append("\\\\");
                    break;
                case '\t':
                    sb.append("\\t");
                    break;
                case '\n':
                    sb.append("\\n");
                    break;
                case '\r':
                    sb.append("\\r");
                    break;
                default:
                    sb.append(ch);
            }
        }
    }
}
