import ts from "typescript";

/** One exported name of an entry point, and what kind of thing it is. */
export interface ExportedName {
  readonly name: string;
  readonly kind: "class" | "function" | "const" | "type" | "interface" | "enum" | "namespace";
}

/**
 * The names an entry point exports, values and types alike, read with the TypeScript
 * compiler the way a user's editor sees them. Sorted by name.
 */
export function exportedNames(entryFile: string): ExportedName[] {
  const program = ts.createProgram([entryFile], {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    noEmit: true,
    skipLibCheck: true,
  });
  const checker = program.getTypeChecker();
  const source = program.getSourceFile(entryFile);
  if (source === undefined) throw new Error(`cannot read ${entryFile}`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) return [];
  return checker
    .getExportsOfModule(moduleSymbol)
    .map((symbol) => ({ name: symbol.getName(), kind: kindOf(checker, symbol) }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

function kindOf(checker: ts.TypeChecker, exported: ts.Symbol): ExportedName["kind"] {
  const symbol =
    exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
  const flags = symbol.flags;
  if (flags & ts.SymbolFlags.Class) return "class";
  if (flags & ts.SymbolFlags.Function) return "function";
  if (flags & ts.SymbolFlags.Enum) return "enum";
  if (flags & ts.SymbolFlags.Variable) return "const";
  if (flags & ts.SymbolFlags.Interface) return "interface";
  if (flags & ts.SymbolFlags.Module) return "namespace";
  return "type";
}
