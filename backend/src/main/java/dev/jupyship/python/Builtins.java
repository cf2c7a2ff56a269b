package dev.jupyship.python;

import java.util.Set;

/** Names defined without an import: Python 3.12's builtins, module attributes, and IPython's additions. */
public final class Builtins {

    private Builtins() {
    }

    /** {@code dir(builtins)} of CPython 3.12, plus WindowsError, which linters accept everywhere. */
    public static final Set<String> PYTHON = Set.of("ArithmeticError", "AssertionError", "AttributeError", "BaseException",
            "BaseExceptionGroup", "BlockingIOError", "BrokenPipeError", "BufferError", "BytesWarning", "ChildProcessError",
            "ConnectionAbortedError", "ConnectionError", "ConnectionRefusedError", "ConnectionResetError", "DeprecationWarning",
            "EOFError", "Ellipsis", "EncodingWarning", "EnvironmentError", "Exception", "ExceptionGroup", "False", "FileExistsError",
            "FileNotFoundError", "FloatingPointError", "FutureWarning", "GeneratorExit", "IOError", "ImportError", "ImportWarning",
            "IndentationError", "IndexError", "InterruptedError", "IsADirectoryError", "KeyError", "KeyboardInterrupt",
            "LookupError", "MemoryError", "ModuleNotFoundError", "NameError", "None", "NotADirectoryError", "NotImplemented",
            "NotImplementedError", "OSError", "OverflowError", "PendingDeprecationWarning", "PermissionError", "ProcessLookupError",
            "RecursionError", "ReferenceError", "ResourceWarning", "RuntimeError", "RuntimeWarning", "StopAsyncIteration",
            "StopIteration", "SyntaxError", "SyntaxWarning", "SystemError", "SystemExit", "TabError", "TimeoutError", "True",
            "TypeError", "UnboundLocalError", "UnicodeDecodeError", "UnicodeEncodeError", "UnicodeError", "UnicodeTranslateError",
            "UnicodeWarning", "UserWarning", "ValueError", "Warning", "WindowsError", "ZeroDivisionError", "__build_class__",
            "__debug__", "__doc__", "__import__", "__loader__", "__name__", "__package__", "__spec__", "abs", "aiter", "all",
            "anext", "any", "ascii", "bin", "bool", "breakpoint", "bytearray", "bytes", "callable", "chr", "classmethod", "compile",
            "complex", "copyright", "credits", "delattr", "dict", "dir", "divmod", "enumerate", "eval", "exec", "exit", "filter",
            "float", "format", "frozenset", "getattr", "globals", "hasattr", "hash", "help", "hex", "id", "input", "int",
            "isinstance", "issubclass", "iter", "len", "license", "list", "locals", "map", "max", "memoryview", "min", "next",
            "object", "oct", "open", "ord", "pow", "print", "property", "quit", "range", "repr", "reversed", "round", "set",
            "setattr", "slice", "sorted", "staticmethod", "str", "sum", "super", "tuple", "type", "vars", "zip");

    /** Attributes every module has. */
    public static final Set<String> MODULE_ATTRIBUTES = Set.of("__file__", "__builtins__", "__annotations__", "__cached__");

    /** What IPython puts in a kernel's namespace. */
    public static final Set<String> IPYTHON = Set.of("display", "get_ipython", "__IPYTHON__", "In", "Out", "_", "__", "___",
            "exit", "quit");

    /** Whether {@code name} is defined in a notebook without being bound. */
    public static boolean isNotebookBuiltin(String name) {
        return PYTHON.contains(name) || MODULE_ATTRIBUTES.contains(name) || IPYTHON.contains(name);
    }
}
