package dev.sluice.capture.etl;

import dev.cel.common.CelAbstractSyntaxTree;
import dev.cel.common.CelSourceLocation;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One checked CEL expression of a table (its filter or a computed column), ready to run on rows. */
final class CompiledExpression {

    /** How cel-java prefixes runtime errors: "evaluation error at <input>:8: / by zero" (8 = character offset). */
    private static final Pattern RUNTIME_ERROR = Pattern.compile("^evaluation error at [^:]*:(\\d+): (.*)$", Pattern.DOTALL);

    private final String label;
    private final String text;
    private final CelAbstractSyntaxTree ast;
    private final CelRuntime.Program program;
    private final int[] readColumns;

    CompiledExpression(String label, String text, CelAbstractSyntaxTree ast, CelRuntime.Program program, int[] readColumns) {
        this.label = label;
        this.text = text;
        this.ast = ast;
        this.program = program;
        this.readColumns = readColumns;
    }

    Object eval(RowView row) throws CelEvaluationException {
        return program.eval(name -> CelRow.VARIABLE.equals(name) ? Optional.of(row) : Optional.empty());
    }

    String text() {
        return text;
    }

    CelAbstractSyntaxTree ast() {
        return ast;
    }

    /** Positions in the source row of the columns the expression reads (row.x), for error hints. */
    int[] readColumns() {
        return readColumns;
    }

    /** {@code set email "row.email.lowerAscii()"}: how messages name the expression. */
    String describe() {
        return describe(label, text);
    }

    static String describe(String label, String text) {
        return label + " \"" + text + "\"";
    }

    /** CEL's runtime message with its character offset turned into line:column, like compile errors. */
    String runtimeMessage(CelEvaluationException e) {
        String message = e.getMessage() == null ? e.toString() : e.getMessage();
        Matcher m = RUNTIME_ERROR.matcher(message);
        if (!m.matches()) {
            return message;
        }
        Optional<CelSourceLocation> at = ast.getSource().getOffsetLocation(Integer.parseInt(m.group(1)));
        return at.map(l -> position(l) + ": " + m.group(2)).orElse(m.group(2));
    }

    /** 1-based line and column, as CEL prints them. */
    static String position(CelSourceLocation l) {
        return l.getLine() + ":" + (l.getColumn() + 1);
    }
}
