package io.flywheel.model;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * An arm as SQL columns: one column per parameter, named as {@link ParameterTable} names it (the
 * serving tables' columns {@code platform}, {@code niche}, ... carry exactly these names). Values
 * are always bound as parameters, never written into the statement's text.
 */
public final class ArmColumns {
    private ArmColumns() {}

    /** The columns of these parameters, comma-separated, e.g. {@code platform, niche}. */
    public static String names(List<Parameter> params) {
        return String.join(", ", params.stream().map(Parameter::name).toList());
    }

    /** One JDBC placeholder per parameter, comma-separated: {@code ?, ?, ...}. */
    public static String placeholders(List<Parameter> params) {
        return String.join(", ", params.stream().map(p -> "?").toList());
    }

    /**
     * Binds the arm's values of these parameters from position {@code first} on.
     *
     * @return the next free position
     */
    public static int bind(PreparedStatement ps, int first, Arm arm, List<Parameter> params)
            throws SQLException {
        int i = first;
        for (Parameter p : params) {
            if (p.integer()) {
                ps.setInt(i++, (Integer) arm.get(p));
            } else {
                ps.setString(i++, (String) arm.get(p));
            }
        }
        return i;
    }

    /** The arm in the current row, read from the columns named after every parameter. */
    public static Arm read(ResultSet rs) throws SQLException {
        List<Object> values = new ArrayList<>(ParameterTable.ALL.size());
        for (Parameter p : ParameterTable.ALL) {
            values.add(p.integer() ? (Object) rs.getInt(p.name()) : rs.getString(p.name()));
        }
        return Arm.of(values);
    }
}
