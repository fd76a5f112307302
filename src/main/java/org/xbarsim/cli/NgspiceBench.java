package org.xbarsim.cli;

import java.util.concurrent.Callable;

import picocli.CommandLine.Command;

/** Placeholder replaced below. */
@Command(name = "ngspice")
final class NgspiceBench implements Callable<Integer> {
    @Override
    public Integer call() {
        return 0;
    }
}
