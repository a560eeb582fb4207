package io.ovsnet.agent.cli.vsctl;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** C's {@code printf("%.15g")}, which OVS uses for real numbers (DBL_DIG is 15). */
final class CFormat {
    private static final int PRECISION = 15;

    private CFormat() {
    }

    static String general15(double d) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        if (d == 0.0) {
            return (1 / d) < 0 ? "-0" : "0";
        }
        BigDecimal rounded = new BigDecimal(d).round(new MathContext(PRECISION, RoundingMode.HALF_EVEN));
        int exponent = rounded.precision() - rounded.scale() - 1;
        if (exponent < -4 || exponent >= PRECISION) {
            BigDecimal mantissa = rounded.movePointLeft(exponent).stripTrailingZeros();
            String m = mantissa.toPlainString();
            String e = String.format("%02d", Math.abs(exponent));
            return m + "e" + (exponent < 0 ? "-" : "+") + e;
        }
        BigDecimal fixed = rounded.stripTrailingZeros();
        return fixed.scale() < 0 ? fixed.setScale(0).toPlainString() : fixed.toPlainString();
    }
}
