package dev.sluice.capture.convert;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sluice.capture.source.SourceConnections;
import dev.sluice.testkit.LocalDatabases;
import dev.sluice.v1.ColumnSchema;
import dev.sluice.v1.Value;
import java.io.Serializable;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Update and delete events go through the same fixed decoders as inserts (before and after images). */
class RowImagesConvertTest {

    static final String DATABASE = "sluice_convert_images";

    @Test
    void updateAndDeleteImagesMatchTheSnapshot() throws Exception {
        LocalDatabases db = LocalDatabases.get();
        List<List<Value>> snapshots = new ArrayList<>();
        List<Serializable[]> images;
        List<String> ops;
        List<ColumnSchema> schema;
        try (Connection root = db.mariaRoot(); Statement st = root.createStatement();
                Connection source = SourceConnections.open(ConvertTestSupport.rootEndpoint(db))) {
            st.execute("DROP DATABASE IF EXISTS " + DATABASE);
            st.execute("CREATE DATABASE " + DATABASE);
            st.execute("CREATE TABLE " + DATABASE + ".t (id int PRIMARY KEY, t time(6), d date, dt datetime(3), y year,"
                    + " ts timestamp(6) NULL, s varchar(10) CHARACTER SET latin1, b binary(4), u bigint unsigned)");
            schema = ConvertTestSupport.columns(root, DATABASE, "t");
            String[] position = ConvertTestSupport.masterStatus(root);
            try (ConvertTestSupport.BinlogRows stream = new ConvertTestSupport.BinlogRows(db, position, DATABASE, "t")) {
                st.execute("SET time_zone = '-03:30', sql_mode = ''");
                st.execute("INSERT INTO " + DATABASE + ".t VALUES (1, '-00:00:00.000001', '0000-00-00', '2020-00-00 01:02:03.4', 0,"
                        + " '2000-01-01 00:00:00.000001', x'81e9', x'0100', 18446744073709551615)");
                snapshots.add(read(source, schema));
                st.execute("UPDATE " + DATABASE + ".t SET t = '-838:59:59.999999', d = '0999-12-31', dt = '1000-01-01 00:00:00.001',"
                        + " y = 2155, ts = '0000-00-00', s = x'9d', b = x'00000000', u = 0 WHERE id = 1");
                snapshots.add(read(source, schema));
                st.execute("DELETE FROM " + DATABASE + ".t WHERE id = 1");
                images = stream.await(4, 60);
                ops = stream.ops();
            }
        }
        assertThat(ops).containsExactly("insert", "before", "after", "delete");
        assertThat(convert(images.get(0), schema)).isEqualTo(snapshots.get(0));
        assertThat(convert(images.get(1), schema)).isEqualTo(snapshots.get(0));
        assertThat(convert(images.get(2), schema)).isEqualTo(snapshots.get(1));
        assertThat(convert(images.get(3), schema)).isEqualTo(snapshots.get(1));
        assertThat(snapshots.get(0).get(1).getTimeValue()).isEqualTo(-1);
        assertThat(snapshots.get(1).get(1).getTimeValue()).isEqualTo(-3020399999999L);
        assertThat(snapshots.get(1).get(2).getDateValue()).isEqualTo(-354286);
    }

    private static List<Value> read(Connection c, List<ColumnSchema> schema) throws Exception {
        String sql = "SELECT " + schema.stream().map(SnapshotValueReader::selectExpression).collect(Collectors.joining(", "))
                + " FROM " + DATABASE + ".t WHERE id = 1";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            assertThat(rs.next()).isTrue();
            List<Value> out = new ArrayList<>();
            for (int i = 0; i < schema.size(); i++) {
                out.add(SnapshotValueReader.read(rs, i + 1, schema.get(i)));
            }
            return out;
        }
    }

    private static List<Value> convert(Serializable[] image, List<ColumnSchema> schema) {
        List<Value> out = new ArrayList<>();
        for (ColumnSchema c : schema) {
            out.add(BinlogValueConverter.convert(image[c.getOrdinal() - 1], c));
        }
        return out;
    }
}
