package org.xbarsim.mapping;

import java.util.SplittableRandom;

/** A device variation that changes conductances when they are programmed and reads them without noise. */
abstract class ProgrammingError implements DeviceVariation {
    private final boolean programs;

    /** @param programs true when {@link #programmed} changes conductances */
    ProgrammingError(boolean programs) {
        this.programs = programs;
    }

    @Override
    public final double readSigma(double g) {
        return 0;
    }

    @Override
    public final double readZ(SplittableRandom rnd) {
        return Variation.gaussian(rnd);
    }

    @Override
    public final boolean programs() {
        return programs;
    }

    @Override
    public final boolean reads() {
        return false;
    }
}
