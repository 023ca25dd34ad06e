/**
 * The watch mode's type checker: one long-lived process holding a TypeScript language service over
 * the project's tsconfig.json (plus the watched dashboards folder). A save bumps the versions of the
 * changed files only, so parsed files, resolved modules and the lib and SDK declarations stay in
 * memory, and the changed files are checked first: well under a second where a fresh `tsc` took 3–5 s.
 * Then the files that import a changed one (directly or not) are re-checked, file by file, given up
 * as soon as a newer change arrives. Forked by BackgroundTypeCheck (watch.ts); speaks IPC only, and
 * exits when the channel closes, so it never outlives the watch process, however that one ended.
 */
import * as path from 'node:path';
import * as ts from 'typescript';

/** Parent → child. */
export interface CheckRequest {
  readonly type: 'check';
  readonly id: number;
  /** Absolute paths of the files saved, created or deleted since the previous request. */
  readonly changed: readonly string[];
}

export interface TypeCheckError {
  /** Relative to the project root; absent for an error about no file (compiler options). */
  readonly file?: string;
  readonly line: number;
  readonly column: number;
  readonly code: number;
  readonly message: string;
}

/**
 * Child → parent. `id` is the first request the answer covers (several may be folded into one run),
 * `changes` how many changed files they named.
 */
export type CheckReply = (
  /** The changed files' errors; `elsewhere` counts those of files known to be unaffected by the change. */
  | { readonly type: 'changed'; readonly id: number; readonly files: number; readonly errors: readonly TypeCheckError[]; readonly elsewhere: number }
  /** The files the change may have broken (they import a changed file), or on the first run all of them. */
  | { readonly type: 'rest'; readonly id: number; readonly files: number; readonly errors: readonly TypeCheckError[] }
  | { readonly type: 'failed'; readonly id: number; readonly message: string }
) & { readonly changes: number };

export interface TypeCheckOptions {
  readonly root: string;
  /** Folders whose `*.ts` files are checked too (the dashboards folder may lie outside tsconfig's include). */
  readonly extraDirs: readonly string[];
}

const CHECKED = /\.(c|m)?tsx?$/;

function isProjectFile(file: string): boolean {
  return CHECKED.test(file) && !file.endsWith('.d.ts') && !file.includes(`${path.sep}node_modules${path.sep}`);
}

/** The language service and what it needs: file versions, snapshots, the root file list, an import graph. */
export class TypeChecker {
  private readonly configPath: string;
  private options: ts.CompilerOptions = {};
  private roots: string[] = [];
  private configErrors: readonly ts.Diagnostic[] = [];
  private readonly versions = new Map<string, number>();
  private readonly snapshots = new Map<string, { version: number; snapshot: ts.IScriptSnapshot | undefined }>();
  private projectVersion = 0;
  private readonly service: ts.LanguageService;
  /** Project file → project files it imports, from its last parsed version. */
  private readonly imports = new Map<string, { version: number; deps: readonly string[] }>();
  /** Errors of each project file at its last check; a file not here has not been checked since it (or an import) changed. */
  private readonly known = new Map<string, readonly TypeCheckError[]>();

  constructor(private readonly settings: TypeCheckOptions) {
    this.configPath = path.join(settings.root, 'tsconfig.json');
    this.readConfig();
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => this.options,
      getProjectVersion: () => String(this.projectVersion),
      getScriptFileNames: () => this.roots,
      getScriptVersion: (file) => String(this.versions.get(file) ?? 0),
      getScriptSnapshot: (file) => this.snapshot(file),
      getCurrentDirectory: () => settings.root,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: ts.sys.fileExists,
      readFile: ts.sys.readFile,
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /** Re-reads tsconfig.json: its file list is what `tsc -p` would check, plus the extra folders' modules. */
  private readConfig(): void {
    const errors: ts.Diagnostic[] = [];
    const parsed = ts.getParsedCommandLineOfConfigFile(this.configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => errors.push(d) });
    if (parsed) {
      this.options = parsed.options;
      errors.push(...parsed.errors);
    }
    const roots = new Set((parsed?.fileNames ?? []).map((f) => path.resolve(f)));
    for (const dir of this.settings.extraDirs) {
      for (const f of ts.sys.readDirectory(dir, ['.ts'], undefined, ['*'], 1)) roots.add(path.resolve(f));
    }
    this.roots = [...roots].sort();
    this.configErrors = errors;
  }

  private snapshot(file: string): ts.IScriptSnapshot | undefined {
    const version = this.versions.get(file) ?? 0;
    const cached = this.snapshots.get(file);
    if (cached && cached.version === version) return cached.snapshot;
    const text = ts.sys.readFile(file);
    const snapshot = text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    this.snapshots.set(file, { version, snapshot });
    return snapshot;
  }

  /** Records a change: new versions for the files, a new root list if one was added or deleted. */
  changed(files: readonly string[]): void {
    const rootSet = new Set(this.roots);
    let refresh = false;
    for (const file of files) {
      this.versions.set(file, (this.versions.get(file) ?? 0) + 1);
      const exists = ts.sys.fileExists(file);
      // A declaration file can change any file's types, like a new or deleted file.
      if (path.basename(file) === 'tsconfig.json' || file.endsWith('.d.ts') || (CHECKED.test(file) && exists !== rootSet.has(file))) refresh = true;
    }
    if (refresh) {
      this.readConfig();
      // A new or deleted file can change what any import resolves to (or make one resolve at all): nothing checked stays known.
      this.imports.clear();
      this.known.clear();
    }
    for (const file of this.dependents(files)) this.known.delete(file);
    this.projectVersion += 1;
  }

  /** The files to check first: the changed ones that are still part of the project. */
  changedRoots(files: readonly string[]): string[] {
    const program = this.service.getProgram();
    return files.filter((f) => isProjectFile(f) && program?.getSourceFile(f) !== undefined);
  }

  /** Project files not checked since they or something they import changed. */
  stale(): string[] {
    const program = this.service.getProgram();
    if (!program) return [];
    return program
      .getSourceFiles()
      .map((sf) => path.resolve(sf.fileName))
      .filter((f) => isProjectFile(f) && !this.known.has(f));
  }

  /** How many errors the files checked before and unaffected since still have (nothing they import changed). */
  knownErrors(exclude: ReadonlySet<string>): number {
    let n = 0;
    for (const [file, errors] of this.known) if (!exclude.has(file)) n += errors.length;
    return n;
  }

  /** Syntactic and semantic errors of one file, remembered until it or an import changes. */
  check(file: string): readonly TypeCheckError[] {
    const diagnostics = [...this.service.getSyntacticDiagnostics(file), ...this.service.getSemanticDiagnostics(file)];
    const errors = diagnostics.filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => this.describe(d));
    this.known.set(file, errors);
    return errors;
  }

  /** Errors about the configuration itself and the compiler options (not tied to a file). */
  globalErrors(): TypeCheckError[] {
    const options = this.service.getCompilerOptionsDiagnostics();
    return [...this.configErrors, ...options].filter((d) => d.category === ts.DiagnosticCategory.Error).map((d) => this.describe(d));
  }

  private describe(d: ts.Diagnostic): TypeCheckError {
    // The first line of the message chain, as `tsc --pretty false` puts on the error's own line.
    const message = typeof d.messageText === 'string' ? d.messageText : d.messageText.messageText;
    if (!d.file || d.start === undefined) return { line: 0, column: 0, code: d.code, message };
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return { file: path.relative(this.settings.root, d.file.fileName), line: line + 1, column: character + 1, code: d.code, message };
  }

  /** Every project file that imports one of files, directly or through others (files included). */
  private dependents(files: readonly string[]): Set<string> {
    const reverse = new Map<string, string[]>();
    for (const file of this.roots) {
      for (const dep of this.importsOf(file)) {
        if (!reverse.has(dep)) reverse.set(dep, []);
        reverse.get(dep)!.push(file);
      }
    }
    const out = new Set<string>();
    const queue = [...files];
    while (queue.length > 0) {
      const file = queue.pop()!;
      if (out.has(file)) continue;
      out.add(file);
      queue.push(...(reverse.get(file) ?? []));
    }
    return out;
  }

  /** The project files a file imports (import, export … from, import(), require), resolved as the compiler does. */
  private importsOf(file: string): readonly string[] {
    const version = this.versions.get(file) ?? 0;
    const cached = this.imports.get(file);
    if (cached && cached.version === version) return cached.deps;
    const snapshot = this.snapshot(file);
    const deps: string[] = [];
    if (snapshot) {
      const info = ts.preProcessFile(snapshot.getText(0, snapshot.getLength()), true, true);
      for (const ref of info.importedFiles) {
        const resolved = ts.resolveModuleName(ref.fileName, file, this.options, ts.sys).resolvedModule;
        if (resolved && !resolved.isExternalLibraryImport) deps.push(path.resolve(resolved.resolvedFileName));
      }
    }
    this.imports.set(file, { version, deps });
    return deps;
  }
}

/** The IPC loop: checks the changed files, answers, then re-checks the stale rest unless a newer request came in. */
function serve(settings: TypeCheckOptions): void {
  const send = (reply: CheckReply) => process.send!(reply);
  const checker = new TypeChecker(settings);
  const pending: string[] = [];
  let firstPending: number | undefined;
  let scheduled = false;
  let generation = 0;

  const runOnce = async () => {
    scheduled = false;
    if (firstPending === undefined) return;
    const id = firstPending;
    const changed = [...new Set(pending.splice(0))];
    firstPending = undefined;
    const mine = ++generation;
    try {
      checker.changed(changed);
      const first = checker.changedRoots(changed);
      const errors = [...checker.globalErrors(), ...first.flatMap((f) => checker.check(f))];
      const done = new Set(first);
      send({ type: 'changed', id, changes: changed.length, files: first.length, errors, elsewhere: checker.knownErrors(done) });
      const rest = checker.stale().filter((f) => !done.has(f));
      const restErrors: TypeCheckError[] = [];
      for (const file of rest) {
        // Let a newer request in between two files; it makes this pass moot.
        await new Promise((resolve) => setImmediate(resolve));
        if (generation !== mine || firstPending !== undefined) return;
        restErrors.push(...checker.check(file));
        done.add(file);
      }
      if (rest.length > 0) send({ type: 'rest', id, changes: changed.length, files: rest.length, errors: restErrors });
    } catch (error) {
      send({ type: 'failed', id, changes: changed.length, message: error instanceof Error ? error.message : String(error) });
    }
  };

  process.on('message', (message: CheckRequest) => {
    if (message?.type !== 'check') return;
    pending.push(...message.changed);
    firstPending ??= message.id;
    if (!scheduled) {
      scheduled = true;
      setImmediate(() => void runOnce());
    }
  });
  // The watch process stopped or died: nothing is left to report to.
  process.on('disconnect', () => process.exit(0));
  // Ctrl-C reaches the whole process group; the watch process stops this one itself when it stops.
  process.on('SIGINT', () => undefined);
}

if (require.main === module) {
  if (!process.send) {
    process.stderr.write('type-check-child: run by build-dashboards --watch (it needs an IPC channel)\n');
    process.exit(2);
  }
  serve(JSON.parse(process.argv[2] ?? '{}') as TypeCheckOptions);
}
