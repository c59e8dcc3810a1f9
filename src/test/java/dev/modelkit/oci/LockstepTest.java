package dev.modelkit.oci;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Two readers of one file, never more than the window apart unless one steps aside. */
@Timeout(20)
class LockstepTest {

    static CompletableFuture<Void> moveLater(Lockstep.Pace pace, long position) {
        return CompletableFuture.runAsync(() -> {
            try {
                pace.moveTo(position);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    static void staysBlocked(CompletableFuture<Void> move) throws InterruptedException {
        Thread.sleep(200);
        assertThat(move).isNotDone();
    }

    @Test
    void aReaderTooFarAheadWaitsForTheOther() throws Exception {
        Lockstep lockstep = new Lockstep(100);
        Lockstep.Pace first = lockstep.side(0);
        Lockstep.Pace second = lockstep.side(1);
        first.moveTo(100); // exactly the window ahead: allowed
        CompletableFuture<Void> ahead = moveLater(first, 150);
        staysBlocked(ahead);
        second.moveTo(40); // 110 apart: still too far
        staysBlocked(ahead);
        second.moveTo(60);
        ahead.get(5, TimeUnit.SECONDS);
        second.moveTo(250); // now the second is ahead, by 100
        CompletableFuture<Void> secondAhead = moveLater(second, 300);
        staysBlocked(secondAhead);
        first.moveTo(200);
        secondAhead.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aReaderThatIsDoneNeverHoldsTheOtherBack() throws Exception {
        Lockstep lockstep = new Lockstep(100);
        CompletableFuture<Void> ahead = moveLater(lockstep.side(0), 1_000);
        staysBlocked(ahead);
        lockstep.side(1).done();
        ahead.get(5, TimeUnit.SECONDS);
        lockstep.side(0).moveTo(Long.MAX_VALUE / 2);
    }

    @Test
    void cancelStopsAWaitingReaderAndEveryLaterStep() throws Exception {
        Lockstep lockstep = new Lockstep(100);
        CompletableFuture<Void> ahead = moveLater(lockstep.side(0), 1_000);
        staysBlocked(ahead);
        lockstep.cancel();
        assertThatThrownBy(() -> ahead.get(5, TimeUnit.SECONDS)).hasRootCauseInstanceOf(IOException.class)
                .hasStackTraceContaining("cancelled");
        assertThatThrownBy(() -> lockstep.side(1).moveTo(1)).isInstanceOf(IOException.class)
                .hasMessageContaining("cancelled");
    }

    @Test
    void anInterruptedWaitSaysSoAndKeepsTheFlag() throws Exception {
        Lockstep lockstep = new Lockstep(100);
        Thread.currentThread().interrupt();
        assertThatThrownBy(() -> lockstep.side(0).moveTo(1_000)).isInstanceOf(java.io.InterruptedIOException.class);
        assertThat(Thread.interrupted()).isTrue();
    }
}
