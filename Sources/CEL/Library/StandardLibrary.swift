/// The functions every ``Environment`` starts with: CEL's standard functions and the
/// project's extensions (decimal money, dates and working days, list functions).
public enum StandardLibrary {
    /// Standard CEL functions, which need no host context.
    public static var standardFunctions: [FunctionDecl] {
        OperatorFunctions.all + StringFunctions.all + ConversionFunctions.all + TimeFunctions.all
    }

    /// The extensions; dates and working days read the zone and calendar of `context`.
    public static func extensionFunctions(context: LibraryContext) -> [FunctionDecl] {
        DecimalFunctions.all + DateFunctions(context: context).all + ListFunctions.all
    }

    /// All functions for `context`.
    public static func library(context: LibraryContext) -> FunctionLibrary {
        var library = FunctionLibrary()
        library.add(standardFunctions)
        library.add(extensionFunctions(context: context))
        return library
    }
}
