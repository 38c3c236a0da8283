package dev.sluice.capture.verify;

import dev.sluice.model.VerifySql;
import dev.sluice.model.VerifyTokens;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.KeyTuple;
import dev.sluice.v1.RowHash;
import dev.sluice.v1.Value;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * What the source side of a verification selects for each row, and the row's hash from it. MariaDB
 * computes the whole hash in SQL when it can; when a column's token must come from Java (JSON, columns
 * computed by ETL: {@link VerifySql#tokensInJava}) or an ETL filter decides which rows count, it selects
 * the tokens it can render plus the source columns, and the row passes the filter and the ETL here.
 */
final class SourceRowSelect {

    private final VerifiedTable t;
    private final boolean perColumn;
    private final boolean inJava;
    private final List<String> items = new ArrayList<>();
    private final int keyAt;
    /** Per TableSchema column: where its SQL token is in the select list, or -1. */
    private final int[] tokenAt;
    private final int sourceAt;

    SourceRowSelect(VerifiedTable t, boolean perColumn) {
        this.t = t;
        this.perColumn = perColumn;
        this.inJava = t.filtered() || VerifySql.tokensInJava(t.table);
        if (!inJava) {
            items.add(VerifySql.mariaRowHash(t.table));
        }
        keyAt = items.size() + 1;
        if (!t.key.isEmpty()) {
            items.add(t.keySelect());
        }
        int next = keyAt + t.key.size();
        tokenAt = new int[t.table.getColumnsCount()];
        for (int i = 0; i < tokenAt.length; i++) {
            ColumnSchema c = t.table.getColumns(i);
            tokenAt[i] = -1;
            if ((perColumn || inJava) && VerifySql.tokenInSql(c)) {
                items.add(VerifySql.mariaToken(c));
                tokenAt[i] = next++;
            }
        }
        sourceAt = next;
        if (inJava) {
            items.add(t.sourceSelect());
        }
    }

    /** False when MariaDB computes each row's hash, and ranges can be summed in SQL. */
    boolean inJava() {
        return inJava;
    }

    String sql() {
        return "SELECT " + String.join(", ", items) + t.from();
    }

    /** @return the row's key, hash and (when asked) column tokens, or null when the ETL filter drops it */
    RowHash row(ResultSet rs) throws SQLException {
        RowHash.Builder b = RowHash.newBuilder().setKey(t.key.isEmpty() ? KeyTuple.getDefaultInstance() : t.readKey(rs, keyAt));
        if (!inJava) {
            b.setHash(rs.getString(1));
            if (perColumn) {
                for (int at : tokenAt) {
                    b.addColumnHashes(at < 0 ? "" : rs.getString(at));
                }
            }
            return b.build();
        }
        List<Value> source = t.readSourceRow(rs, sourceAt);
        if (t.filtered() && !t.etl.matches(source)) {
            return null;
        }
        // the row as written: positional per the table's columns (ETL copies, computes and drops)
        List<Value> written = t.etl == null ? source : t.etl.transform(source);
        List<String> hashed = new ArrayList<>();
        for (int i = 0; i < tokenAt.length; i++) {
            ColumnSchema c = t.table.getColumns(i);
            String token = "";
            if (VerifySql.hashable(c)) {
                token = tokenAt[i] >= 0 ? rs.getString(tokenAt[i]) : VerifyTokens.token(c, written.get(i));
                hashed.add(token);
            }
            if (perColumn) {
                b.addColumnHashes(token);
            }
        }
        return b.setHash(VerifyTokens.rowHash(hashed)).build();
    }
}
