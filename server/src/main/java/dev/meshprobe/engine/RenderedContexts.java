package dev.meshprobe.engine;

import dev.meshprobe.context.ContextDiscovery;
import dev.meshprobe.context.ContextRenderer;
import dev.meshprobe.context.ContextSettings;
import dev.meshprobe.context.Contexts;
import dev.meshprobe.context.DeploymentContext;
import dev.meshprobe.context.HelmContext;
import dev.meshprobe.context.KustomizeContext;
import dev.meshprobe.context.Location;
import dev.meshprobe.context.RenderFailure;
import dev.meshprobe.context.RenderResult;
import dev.meshprobe.context.Rendered;
import dev.meshprobe.context.SourceFiles;
import dev.meshprobe.k8s.SourceRef;
import dev.meshprobe.mesh.MeshIndex;
import dev.meshprobe.mesh.Setting;
import dev.meshprobe.rules.ConfigurationInvalidRule;
import dev.meshprobe.rules.FileNotAnalysedRule;
import dev.meshprobe.rules.Finding;
import dev.meshprobe.rules.Rules;
import dev.meshprobe.text.TextChange;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The deployment contexts of the workspace that a tool renders (DESIGN §9): each Kustomize entry and
 * each Helm release, discovered from the workspace's files, rendered with the user's own tools, and
 * decided on its own output plus the cluster-wide facts of the plain files ({@link ContextModel}).
 *
 * <p>The files such a context uses are <i>claimed</i>: they hold no plain objects and are linted only
 * through the contexts (a failed kustomization's files go back to being plain; a chart's never were).
 * Each claimed file gets the findings its contexts place in it, identical ones merged into one that
 * names the contexts when the file belongs to more than one.
 *
 * <p>Renders run outside the workspace's thread: {@link #prepare} takes what a render reads (the texts
 * of the context's files as the workspace has them, unsaved buffers included) on that thread, {@link
 * #run} runs the tool anywhere, and {@link #accept} keeps the result on that thread unless a file of the
 * context changed meanwhile. Until then, the last result's places move with the edits. Not thread-safe
 * otherwise: the workspace's thread owns it.
 */
public final class RenderedContexts {
  /** A render to run: the context, the state of its inputs when it was taken, and what it reads. */
  public static final class Job {
    private final Run run;
    private final long inputs;
    private final Map<Path, String> overlay;
    private final ContextRenderer renderer;

    private Job(Run run, Map<Path, String> overlay, ContextRenderer renderer) {
      this.run = run;
      this.inputs = run.inputs;
      this.overlay = overlay;
      this.renderer = renderer;
    }

    public DeploymentContext context() {
      return run.context;
    }
  }

  /** What keeping a render's result changed: the files whose findings may differ now. */
  public record Accepted(Set<Path> files) {}

  /** A render started as soon as its context was discovered (the command line). */
  private record EarlyRender(Job job, CompletableFuture<RenderResult> result) {}

  /** One rendered context: its last result, and the edits made to its files since that render. */
  private static final class Run {
    final DeploymentContext context;
    /** Bumped on every change of one of the context's files: a render taken before is stale. */
    long inputs;
    /** {@link #inputs} when the current {@link #result} was taken; -1 before the first. */
    long renderedInputs = -1;
    RenderResult result;
    final Map<Path, EditShift> edits = new HashMap<>();
    ContextModel model;
    long modelVersion = -1;
    Config modelConfig;

    Run(DeploymentContext context) {
      this.context = context;
    }

    boolean stale() {
      return renderedInputs != inputs;
    }
  }

  private final Layout layout;
  private final FileStore files;
  private final Linter linter;
  private final Log log;
  private final Supplier<MeshIndex> plainIndex;
  private final LongSupplier plainVersion;
  /** Told the files whose claim a render changed: the workspace derives them again. */
  private final Consumer<Set<Path>> reclaimed;
  private Map<String, String> env = System.getenv();
  private boolean trustConfiguredTools = true;
  private int eagerThreads;
  private ExecutorService earlyPool;
  /** Renders started at discovery, not kept yet, by context id. */
  private final Map<String, EarlyRender> early = new HashMap<>();
  private Contexts contexts;
  private final Map<String, Run> runs = new LinkedHashMap<>();
  private Set<Path> claimed = Set.of();

  RenderedContexts(Layout layout, FileStore files, Linter linter, Log log, Supplier<MeshIndex> plainIndex, LongSupplier plainVersion,
      Consumer<Set<Path>> reclaimed) {
    this.reclaimed = reclaimed;
    this.log = log;
    this.layout = layout;
    this.files = files;
    this.linter = linter;
    this.plainIndex = plainIndex;
    this.plainVersion = plainVersion;
  }

  /**
   * Whether a tool named in a configuration file ({@code tools.helm} in the workspace's {@code
   * .meshprobe.yaml}) may run: not in a workspace the editor does not trust, where a cloned repository
   * could name any program. Tools set in editor settings or flags, and those on the PATH, still run.
   */
  public void trustConfiguredTools(boolean trusted) {
    this.trustConfiguredTools = trusted;
  }

  private static Setting<String> trusted(Setting<String> tool) {
    return ConfigBuilder.EDITOR_SETTINGS.equals(tool.source()) || ConfigBuilder.FLAGS.equals(tool.source()) ? tool
        : Setting.ofDefault(null);
  }

  /** The environment the tools run in (its {@code PATH} is searched for them): the process's, unless a test sets another. */
  public void environment(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  // ---- discovery and claims

  /**
   * Discovers the contexts of {@code paths} (the workspace's files) anew; a context that is found again
   * keeps its render. Returns the files whose claim changed, which must be derived again.
   */
  Set<Path> discover(Collection<Path> paths) {
    Config cfg = layout.workspaceConfig();
    SourceFiles sources = new SourceFiles(this::currentText, cfg.limits());
    contexts = new ContextDiscovery(cfg.contexts(), sources).discover(layout.base(), paths);
    Map<String, Run> before = new HashMap<>(runs);
    runs.clear();
    for (DeploymentContext c : contexts.rendered()) {
      Run kept = before.get(c.id());
      runs.put(c.id(), kept != null && kept.context.equals(c) ? kept : new Run(c));
    }
    Set<Path> flipped = reclaim();
    startEarly();
    return flipped;
  }

  /**
   * Renders contexts as soon as they are discovered, on {@code threads} threads of their own, while the
   * workspace's files are still being read (the command line, which renders everything anyway); {@link
   * #renderAll} then keeps the results. Zero: only when asked.
   */
  public void renderOnDiscovery(int threads) {
    this.eagerThreads = threads;
  }

  /** Starts the renders of the stale contexts in the background (see {@link #renderOnDiscovery}). */
  private void startEarly() {
    if (eagerThreads <= 0) {
      return;
    }
    for (DeploymentContext c : stale()) {
      if (!early.containsKey(c.id())) {
        Job j = prepare(c);
        if (j != null) {
          early.put(c.id(), new EarlyRender(j, CompletableFuture.supplyAsync(() -> runQuietly(j), pool())));
        }
      }
    }
  }

  private ExecutorService pool() {
    if (earlyPool == null) {
      earlyPool = renderThreads(eagerThreads);
    }
    return earlyPool;
  }

  /** Daemon threads for the tools' processes: a render never keeps the command line from exiting. */
  private static ExecutorService renderThreads(int n) {
    AtomicInteger ids = new AtomicInteger();
    return Executors.newFixedThreadPool(Math.max(1, n), r -> {
      Thread t = new Thread(r, "meshprobe-render-" + ids.incrementAndGet());
      t.setDaemon(true);
      return t;
    });
  }

  /** Every context must be rendered again: the configuration changed (tools, releases, time limit). */
  void configurationChanged() {
    runs.values().forEach(r -> r.inputs++);
  }

  /** True once contexts were discovered. */
  public boolean discovered() {
    return contexts != null;
  }

  /** True for a file a rendered context uses: linted through that context only, never as a plain manifest. */
  boolean claims(Path file) {
    return claimed.contains(file);
  }

  /**
   * Works the claimed files out again: every file of a chart, and the files of a kustomization unless
   * every entry that uses them failed to render (those are linted as plain files, as without contexts),
   * except its patch files, which are never objects of their own. Returns the files whose claim changed.
   */
  private Set<Path> reclaim() {
    Set<Path> next = new HashSet<>();
    for (Run r : runs.values()) {
      if (r.context instanceof HelmContext || !(r.result instanceof RenderFailure)) {
        next.addAll(r.context.files());
      } else if (r.context instanceof KustomizeContext k) {
        next.addAll(k.patchFiles());
      }
    }
    Set<Path> changed = new HashSet<>(next);
    changed.addAll(claimed);
    Set<Path> both = new HashSet<>(next);
    both.retainAll(claimed);
    changed.removeAll(both);
    claimed = Set.copyOf(next);
    return changed;
  }

  /** The rendered contexts that use {@code file}, in discovery order. */
  public List<DeploymentContext> contextsOf(Path file) {
    if (contexts == null) {
      return List.of();
    }
    return contexts.of(file).stream().filter(c -> runs.containsKey(c.id())).toList();
  }


  /**
   * A file of the workspace changed ({@code change} says where, null when unknown): the contexts that use
   * it are stale, and the places of their findings in it move with the edit. Returns true when the
   * contexts must be discovered again (a chart, a kustomization or the file set changed).
   */
  boolean changed(Path file, TextChange change, boolean added) {
    if (contexts == null) {
      return false;
    }
    if (runs.isEmpty() && !added && !file.endsWith("Chart.yaml") && !Layout.isKustomizationName(file)) {
      return false;
    }
    for (Run r : runs.values()) {
      if (r.context.files().contains(file)) {
        r.inputs++;
        r.edits.computeIfAbsent(file, k -> new EditShift()).add(change);
      }
    }
    String name = file.getFileName() == null ? "" : file.getFileName().toString();
    return added || name.equals("Chart.yaml") || Layout.isKustomizationName(file);
  }

  // ---- rendering

  /** The contexts whose last render is missing or stale, in discovery order. */
  public List<DeploymentContext> stale() {
    return runs.values().stream().filter(Run::stale).map(r -> r.context).toList();
  }

  /** A render of {@code context} as its files are now; null for a context no longer discovered. */
  public Job prepare(DeploymentContext context) {
    Run run = runs.get(context.id());
    if (run == null || !run.context.equals(context)) {
      return null;
    }
    Config cfg = layout.workspaceConfig();
    Map<Path, String> snapshot = new HashMap<>();
    Map<Path, String> overlay = new HashMap<>();
    for (Path p : context.files()) {
      FileState st = files.get(p);
      if (st == null || st.compacted || st.source == null || st.source.text() == null) {
        continue;
      }
      snapshot.put(p, st.source.text());
      if (files.isOpen(p) && !st.source.text().equals(DiskFiles.text(p, cfg.limits().maxFileChars()))) {
        overlay.put(p, st.source.text());
      }
    }
    long max = cfg.limits().maxFileChars();
    SourceFiles sources = new SourceFiles(p -> snapshot.containsKey(p) ? snapshot.get(p) : DiskFiles.text(p, max), cfg.limits());
    Path configFile = layout.workspaceConfigFile();
    ContextSettings settings = trustConfiguredTools ? cfg.contexts()
        : cfg.contexts().withTools(trusted(cfg.contexts().helm()), trusted(cfg.contexts().kustomize()));
    ContextRenderer renderer = new ContextRenderer(settings, sources, env, cfg.limits(),
        configFile != null ? configFile.getParent() : layout.base());
    return new Job(run, Map.copyOf(overlay), renderer);
  }

  /** Runs a render's tool; any thread. */
  public static RenderResult run(Job job) throws InterruptedException {
    return job.renderer.render(job.run.context, job.overlay);
  }

  /**
   * Keeps a render's result (on the workspace's thread), unless a file of its context changed since it
   * was prepared (a newer render is due) or the context is gone: then null. Else the files whose findings
   * may have changed; those whose claim changed were derived again.
   */
  public Accepted accept(Job job, RenderResult result) {
    Run run = runs.get(job.run.context.id());
    if (run != job.run || run.inputs != job.inputs) {
      return null;
    }
    run.result = result;
    run.renderedInputs = job.inputs;
    run.edits.clear();
    run.model = null;
    Set<Path> flipped = reclaim();
    if (!flipped.isEmpty()) {
      reclaimed.accept(flipped);
    }
    Set<Path> affected = new TreeSet<>(run.context.files());
    affected.add(run.context.entryFile());
    ContextModel m = model(run);
    if (m != null) {
      affected.addAll(m.findings.keySet());
    }
    return new Accepted(affected);
  }

  /**
   * Renders every stale context on {@code threads} threads and keeps the results (the command line; on
   * the workspace's thread). Returns the files whose findings may have changed.
   */
  public Set<Path> renderAll(int threads) {
    List<Job> jobs = new ArrayList<>();
    List<CompletableFuture<RenderResult>> started = new ArrayList<>();
    for (DeploymentContext c : stale()) {
      EarlyRender e = early.remove(c.id());
      Job j = e != null && e.job.run == runs.get(c.id()) && e.job.inputs == e.job.run.inputs ? e.job : prepare(c);
      if (j != null) {
        jobs.add(j);
        started.add(e != null && e.job == j ? e.result : null);
      }
    }
    early.clear();
    if (earlyPool != null) {
      earlyPool.shutdown();
      earlyPool = null;
    }
    Set<Path> affected = new TreeSet<>();
    if (jobs.isEmpty()) {
      return affected;
    }
    ExecutorService pool = renderThreads(Math.min(threads, jobs.size()));
    try {
      List<CompletableFuture<RenderResult>> futures = new ArrayList<>();
      for (int i = 0; i < jobs.size(); i++) {
        Job j = jobs.get(i);
        futures.add(started.get(i) != null ? started.get(i) : CompletableFuture.supplyAsync(() -> runQuietly(j), pool));
      }
      for (int i = 0; i < jobs.size(); i++) {
        RenderResult r;
        try {
          r = futures.get(i).get();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return affected;
        } catch (ExecutionException e) {
          r = new RenderFailure(jobs.get(i).context(), RenderFailure.Reason.TOOL_FAILED, "rendering failed unexpectedly: " + e.getCause(),
              List.of());
        }
        Accepted a = accept(jobs.get(i), r);
        if (a != null) {
          affected.addAll(a.files());
        }
      }
    } finally {
      pool.shutdownNow();
    }
    return affected;
  }

  private static RenderResult runQuietly(Job j) {
    try {
      return run(j);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new RenderFailure(j.context(), RenderFailure.Reason.TIMED_OUT, "rendering was interrupted", List.of());
    }
  }

  /**
   * Why helm or kustomize could not be found, once per message (each names the setting that points at
   * the tool), for the contexts that needed one.
   */
  public List<String> missingTools() {
    Set<String> out = new LinkedHashSet<>();
    for (Run r : runs.values()) {
      if (r.result instanceof RenderFailure f && f.reason() == RenderFailure.Reason.TOOL_MISSING) {
        out.add(f.message());
      }
    }
    return List.copyOf(out);
  }

  // ---- places now

  /**
   * A probe of a rendered context, with where its key, its body and its handler's key are in {@code file}
   * now (each null when placed in another file).
   */
  record PlacedProbe(DeploymentContext context, ContextModel model, ContextModel.MappedProbe probe, SourceRef key, SourceRef node,
      SourceRef handlerKey) {}

  /**
   * The probes of the rendered contexts whose key or handler is placed in {@code file}, with their places
   * moved along with its edits, in discovery order.
   */
  List<PlacedProbe> probesIn(Path file) {
    List<PlacedProbe> out = new ArrayList<>();
    for (Run r : runs.values()) {
      ContextModel m = mayLandIn(r, file) ? model(r) : null;
      if (m == null) {
        continue;
      }
      for (ContextModel.MappedProbe p : m.probes()) {
        SourceRef key = in(r, p.key(), file);
        SourceRef handler = in(r, p.handlerKey(), file);
        if (key != null || handler != null) {
          out.add(new PlacedProbe(r.context, m, p, key, in(r, p.node(), file), handler));
        }
      }
    }
    return out;
  }

  private static SourceRef in(Run r, Location l, Path file) {
    return l != null && l.file().equals(file) ? now(r, l) : null;
  }

  /** A span of a rendered context's objects (a fact's), placed in the files the user edits as they are now; null when nowhere. */
  SourceRef placedNow(DeploymentContext c, ContextModel m, SourceRef ref) {
    SourceRef placed = m.placed(ref);
    Run r = runs.get(c.id());
    return placed == null || r == null || placed == ref ? placed : move(r, placed, Integer.MAX_VALUE);
  }

  /** Where a place a context's source map gave is now, after the edits made since that render. */
  SourceRef now(DeploymentContext c, Location l) {
    Run r = runs.get(c.id());
    return r == null ? null : now(r, l);
  }

  private static SourceRef now(Run r, Location l) {
    return move(r, SourceRef.absolute(l.file().toString(), l.start(), l.end()), Integer.MAX_VALUE);
  }

  /**
   * True when a finding of the context can land in {@code file}: a file the context uses, its entry, or
   * (a chart) any file under the chart's folder, helpers the walk does not read included.
   */
  private static boolean mayLandIn(Run r, Path file) {
    DeploymentContext c = r.context;
    if (c.files().contains(file) || c.entryFile().equals(file)) {
      return true;
    }
    return c instanceof HelmContext h && file.startsWith(h.chart());
  }

  // ---- findings

  /** The model of a rendered context, built on first use and again after the plain mesh facts or the configuration changed. */
  private ContextModel model(Run r) {
    if (!(r.result instanceof Rendered rendered)) {
      return null;
    }
    // The plain index first: building it is what moves its version.
    MeshIndex plain = plainIndex.get();
    long version = plainVersion.getAsLong();
    Config cfg = layout.configFor(r.context.entryFile());
    if (r.model == null || r.modelVersion != version || r.modelConfig != cfg) {
      try {
        r.model = ContextModel.build(rendered, cfg, plain, linter);
      } catch (RuntimeException | StackOverflowError e) {
        // Odd output the model cannot take: the context shows nothing rather than failing every lint.
        log.warn("could not decide " + r.context.name(), e);
        r.model = ContextModel.empty(r.context, cfg);
      }
      r.modelVersion = version;
      r.modelConfig = cfg;
    }
    return r.model;
  }


  /** The files the contexts' findings land in (templates and helpers the walk did not read included). */
  public Set<Path> filesWithFindings() {
    Set<Path> out = new TreeSet<>();
    for (Run r : runs.values()) {
      ContextModel m = model(r);
      if (m != null) {
        out.addAll(m.findings.keySet());
      }
      if (r.result instanceof RenderFailure) {
        out.add(r.context.entryFile());
      }
    }
    Path cfg = contexts == null || contexts.problems().isEmpty() ? null : layout.workspaceConfigFile();
    if (cfg != null) {
      out.add(cfg);
    }
    return out;
  }

  /**
   * What the contexts found in {@code file}, whose text is now {@code text}: placed where the edits since
   * each render moved them, identical findings of several contexts merged into one that names them.
   */
  List<Finding> findingsFor(Path file, String text) {
    if (contexts == null) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>(configurationProblems(file, text));
    Map<String, List<Finding>> same = new LinkedHashMap<>();
    int length = text == null ? Integer.MAX_VALUE : text.length();
    for (Run r : runs.values()) {
      if (r.result instanceof RenderFailure f && r.context.entryFile().equals(file)) {
        out.add(failure(f));
      }
      ContextModel m = mayLandIn(r, file) ? model(r) : null;
      List<Finding> mine = m == null ? null : m.findings.get(file);
      if (mine == null) {
        continue;
      }
      for (Finding x : mine) {
        Finding moved = moved(r, x, length);
        same.computeIfAbsent(key(moved), k -> new ArrayList<>()).add(moved);
      }
    }
    boolean several = !same.isEmpty() && contextsOf(file).size() > 1;
    for (List<Finding> group : same.values()) {
      out.add(merged(group, several));
    }
    return out;
  }

  private static String key(Finding f) {
    return f.rule() + "\u0000" + f.where().start() + "\u0000" + f.where().end() + "\u0000" + f.severity() + "\u0000" + f.message();
  }

  /** A finding of one context where the edits since its render moved it, its facts too. */
  private Finding moved(Run r, Finding x, int length) {
    SourceRef at = move(r, x.where(), length);
    List<Finding.Related> related = new ArrayList<>(x.related().size());
    for (Finding.Related rel : x.related()) {
      related.add(new Finding.Related(move(r, rel.where(), Integer.MAX_VALUE), rel.message()));
    }
    return new Finding(x.rule(), x.severity(), x.message(), at, related, x.notes(), x.subject(), x.href(), x.assumed(), x.contexts());
  }

  private static SourceRef move(Run r, SourceRef ref, int length) {
    EditShift shift = r.edits.get(Path.of(ref.file()));
    if (shift == null && ref.end() <= length) {
      return ref;
    }
    int start = shift == null ? Math.min(ref.start(), length) : shift.move(ref.start(), length);
    int end = shift == null ? Math.min(ref.end(), length) : shift.move(ref.end(), length);
    return SourceRef.absolute(ref.file(), start, Math.max(start, end));
  }

  /** One finding for a group of identical ones of several contexts: their facts together, naming them when the file has several. */
  private Finding merged(List<Finding> group, boolean nameThem) {
    Finding first = group.get(0);
    List<String> names = new ArrayList<>();
    List<Finding.Related> related = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<DeploymentContext> giving = new ArrayList<>();
    for (Finding f : group) {
      for (String n : f.contexts()) {
        if (!names.contains(n)) {
          names.add(n);
          runs.values().stream().filter(r -> r.context.name().equals(n)).findFirst().ifPresent(r -> giving.add(r.context));
        }
      }
      f.related().stream().filter(x -> !related.contains(x)).forEach(related::add);
      f.notes().stream().filter(x -> !notes.contains(x)).forEach(notes::add);
    }
    Finding all = new Finding(first.rule(), first.severity(), first.message(), first.where(), related, notes, first.subject(), first.href(),
        first.assumed(), names);
    return nameThem ? all.inContexts(all.where(), all.related(), names, phrase(giving)) : all;
  }

  /**
   * How a message names the contexts that give it: {@code in overlays prod and qa} when they are
   * Kustomize entries of one folder, else their names ({@code in overlays/prod and base}, {@code in
   * releases payments and payments-eu}); beyond three, how many more.
   */
  static String phrase(List<DeploymentContext> contexts) {
    List<String> names = contexts.stream().map(DeploymentContext::name).toList();
    String prefix = "in ";
    String parent = commonParent(names);
    if (contexts.stream().allMatch(c -> c instanceof KustomizeContext) && parent != null && names.size() > 1) {
      prefix = "in " + parent.substring(parent.lastIndexOf('/') + 1) + " ";
      names = names.stream().map(n -> n.substring(parent.length() + 1)).toList();
    } else if (contexts.stream().allMatch(c -> c instanceof HelmContext h && h.configured())) {
      prefix = names.size() == 1 ? "in release " : "in releases ";
    }
    if (names.size() > 3) {
      return prefix + String.join(", ", names.subList(0, 2)) + " and " + (names.size() - 2) + " more";
    }
    if (names.size() == 1) {
      return prefix + names.get(0);
    }
    return prefix + String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
  }

  /** The folder all names are directly in ({@code overlays} of {@code overlays/prod}, {@code overlays/qa}), or null. */
  private static String commonParent(List<String> names) {
    String parent = null;
    for (String n : names) {
      int slash = n.lastIndexOf('/');
      String p = slash < 0 ? null : n.substring(0, slash);
      if (p == null || (parent != null && !parent.equals(p))) {
        return null;
      }
      parent = p;
    }
    return parent;
  }

  /**
   * The {@code file-not-analysed} of a context that did not render, on its entry file, with the tool's
   * first lines; the workspace's own paths in them are written relative to it, as the user knows them.
   */
  private Finding failure(RenderFailure f) {
    DeploymentContext c = f.context();
    String what = c instanceof HelmContext h ? (h.configured() ? "Release " + h.release() + " of this chart" : "This chart")
        : "This kustomization";
    Finding x = Rules.get(FileNotAnalysedRule.class).notRendered(SourceRef.absolute(c.entryFile().toString(), 0, 0), what,
        relative(f.message()), f.toolOutput().stream().map(this::relative).toList());
    return x.inContexts(x.where(), x.related(), List.of(c.name()), null);
  }

  private String relative(String toolText) {
    String base = layout.base().toString();
    return toolText.replace(base + java.io.File.separator, "").replace(base, ".");
  }

  /** Configuration entries discovery could not use ({@code helm.releases[0].chart}), on the workspace's configuration at their key. */
  private List<Finding> configurationProblems(Path file, String text) {
    if (contexts.problems().isEmpty() || !Layout.isConfigName(file) || text == null) {
      return List.of();
    }
    Path cfgFile = layout.workspaceConfigFile();
    if (!file.equals(cfgFile)) {
      return List.of();
    }
    ConfigFile parsed = ConfigFile.parse(file, text);
    List<Finding> out = new ArrayList<>();
    for (Contexts.Problem p : contexts.problems()) {
      out.add(Rules.get(ConfigurationInvalidRule.class).problem(parsed.position(p.keyPath()), p.message()));
    }
    return out;
  }

  /** A file's text as the workspace has it (an open buffer, a file it keeps whole), else as it is on disk. */
  private String currentText(Path p) {
    FileState st = files.get(p);
    if (st != null && !st.compacted && st.source != null && st.source.text() != null) {
      return st.source.text();
    }
    return DiskFiles.text(p, layout.workspaceConfig().limits().maxFileChars());
  }
}
