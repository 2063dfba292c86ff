using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Portal.Data.Stores;

/// <summary>
/// sqlite3_bind_* called directly in the e_sqlite3 library SQLitePCL has loaded, for <see cref="PredictionAppender"/>'s
/// twelve binds per logged prediction. SQLitePCL's wrappers add a SafeHandle add-ref and release and a GC transition to
/// each call, and its text binds ask SQLite to copy (a malloc and free per value). Here the text is bound in place
/// (SQLITE_STATIC) from a native buffer that outlives the step, and the transition is skipped: with values that are
/// not copied, on a connection without a mutex, a bind only stores a pointer or a number, so it neither blocks nor
/// calls back.
/// </summary>
internal static unsafe partial class SqliteBinds
{
    private const string Library = "e_sqlite3";

    /// <summary>SQLITE_STATIC: SQLite keeps the pointer and does not copy; the caller keeps the bytes until the next bind or finalize.</summary>
    private const nint Static = 0;

    public static int Text(nint statement, int index, byte* utf8, int length) => BindText(statement, index, utf8, length, Static);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_text")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int BindText(nint statement, int index, byte* utf8, int length, nint destructor);

    public static int Blob(nint statement, int index, byte* bytes, int length) => BindBlob(statement, index, bytes, length, Static);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_blob")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    private static partial int BindBlob(nint statement, int index, byte* bytes, int length, nint destructor);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_int64")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Int64(nint statement, int index, long value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_double")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Double(nint statement, int index, double value);

    [LibraryImport(Library, EntryPoint = "sqlite3_bind_null")]
    [SuppressGCTransition]
    [UnmanagedCallConv(CallConvs = [typeof(CallConvCdecl)])]
    public static partial int Null(nint statement, int index);
}
