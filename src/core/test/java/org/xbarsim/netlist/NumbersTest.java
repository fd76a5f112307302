package org.xbarsim.netlist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** SPICE numbers: exactly what the JDK's correctly rounded parser gives, scale factors applied. */
class NumbersTest {

    @Test
    void everyDoubleRoundTripsBitForBit() {
        SplittableRandom rnd = new SplittableRandom(1);
        for (int k = 0; k < 200_000; k++) {
            double v = switch (k % 4) {
                case 0 -> rnd.nextDouble();
                case 1 -> 1 / (15e3 + 285e3 * rnd.nextDouble());
                case 2 -> Math.scalb(rnd.nextDouble(), rnd.nextInt(-80, 80));
                default -> Double.longBitsToDouble(rnd.nextLong() & 0x7fefffffffffffffL);
            };
            String s = Double.toString(v);
            assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(Numbers.parse(s)), s);
            String g = String.format(java.util.Locale.ROOT, "%.6g", v);
            assertEquals(Double.doubleToLongBits(Double.parseDouble(g)), Double.doubleToLongBits(Numbers.parse(g)), g);
        }
    }

    @Test
    void scaleFactorsUnitsAndSigns() {
        assertEquals(1.5e3, Numbers.parse("1.5k"));
        assertEquals(10e6, Numbers.parse("10meg"));
        assertEquals(10e6, Numbers.parse("10MEG"));
        assertEquals(5 * 25.4e-6, Numbers.parse("5mil"), 1e-20);
        assertEquals(10e-6, Numbers.parse("10uF"), 1e-20);
        assertEquals(1e-15, Numbers.parse("1F"), 1e-30);
        assertEquals(1e-3, Numbers.parse("1M"), 1e-18);
        assertEquals(2.5, Numbers.parse("2.5V"));
        assertEquals(-0.25, Numbers.parse("-.25"));
        assertEquals(3e-3, Numbers.parse("3e-3"));
        assertEquals(123456789012345678901234.0, Numbers.parse("123456789012345678901234"), 1e8);
        assertTrue(Double.isNaN(Numbers.parse("1.5.2")));
        assertTrue(Double.isNaN(Numbers.parse("abc")));
        assertTrue(Double.isNaN(Numbers.parse("")));
    }

    /**
     * As ngspice 39 reads them in its default mode (each checked against it): letters and digits
     * after the first letter are ignored, so 4K7 is 4000, not 4.7k.
     */
    @Test
    void digitsAfterTheScaleFactorAreIgnoredAsNgspiceDoes() {
        assertEquals(4e3, Numbers.parse("4K7"));
        assertEquals(2e-3, Numbers.parse("2m5"), 1e-18);
        assertEquals(27, Numbers.parse("27R56"));
        assertEquals(1e-3, Numbers.parse("1e-3wwww"), 1e-18);
        assertEquals(1e3, Numbers.parse("1k5ohm"));
        assertEquals(2e6, Numbers.parse("2meg2"));
        assertEquals(3e-6, Numbers.parse("3u3F"), 1e-21);
        assertEquals(1, Numbers.parse("1x5"));
    }
}
