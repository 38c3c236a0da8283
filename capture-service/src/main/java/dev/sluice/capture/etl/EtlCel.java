package dev.sluice.capture.etl;

import dev.cel.common.CelOptions;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.extensions.CelExtensions;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;

/**
 * The one CEL environment of ETL expressions: standard CEL with its macros (has, all, exists, map,
 * filter) and the strings, math, encoders (base64), regex and lists extensions. The checker is built per
 * table (it knows the row's columns); the runtime is shared, because at run time {@code row} is just a map.
 */
final class EtlCel {

    static final CelOptions OPTIONS = CelOptions.current()
            // row.`first name`: MariaDB column names need not be CEL identifiers.
            .enableQuotedIdentifierSyntax(true)
            // row.price > 0 on a DOUBLE column compares as numbers, as users expect.
            .enableHeterogeneousNumericComparisons(true)
            // A runaway comprehension (e.g. over a huge split()) fails the row instead of stalling the task.
            .comprehensionMaxIterations(100_000)
            .build();

    private static final CelRuntime RUNTIME = CelRuntimeFactory.standardCelRuntimeBuilder()
            .setOptions(OPTIONS)
            .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS), CelExtensions.encoders(OPTIONS),
                    CelExtensions.regex(), CelExtensions.lists())
            .build();

    private EtlCel() {
    }

    static CelCompiler compiler(CelRow row) {
        return CelCompilerFactory.standardCelCompilerBuilder()
                .setOptions(OPTIONS)
                .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
                .setTypeProvider(row.typeProvider())
                .addVar(CelRow.VARIABLE, row.type())
                .addLibraries(CelExtensions.strings(), CelExtensions.math(OPTIONS), CelExtensions.encoders(OPTIONS),
                        CelExtensions.regex(), CelExtensions.lists())
                .build();
    }

    /** Thread-safe: programs it creates are evaluated by several chunk readers at once. */
    static CelRuntime runtime() {
        return RUNTIME;
    }
}
