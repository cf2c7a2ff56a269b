package dev.jupyship.contract;

/**
 * One verdict of an interface test: the static contract check, the run, one declared output, or
 * the outside-writes record.
 *
 * @param name    {@code contract}, {@code run}, {@code model model.pkl}, {@code metric accuracy}...
 * @param passed  whether it held
 * @param message one line saying what was found
 * @param detail  for the run: the failing cell ({@link dev.jupyship.run.CellFailure}); for the
 *                contract: its findings; otherwise null
 */
public record Check(String name, boolean passed, String message, Object detail) {

    public static Check pass(String name, String message) {
        return new Check(name, true, message, null);
    }

    public static Check fail(String name, String message, Object detail) {
        return new Check(name, false, message, detail);
    }
}
