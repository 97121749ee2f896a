package dev.meshprobe.k8s;

/**
 * Where an object's namespace came from (DESIGN §1), and the deployment context it is decided in:
 *
 * <ul>
 *   <li><b>seen</b>: the object's own {@code metadata.namespace};
 *   <li><b>configured</b>: {@code defaultNamespace}, or the namespace of a context declared under
 *       {@code contexts:} ({@code origin} names which, and where);
 *   <li><b>context</b>: the namespace its deployment context gives it: a kustomization's
 *       {@code namespace:} ({@code origin} is the kustomization file), later a Helm release namespace;
 *   <li><b>assumed</b>: nothing says; {@code default} is assumed.
 * </ul>
 *
 * <p>Namespace-less objects are applied with {@code kubectl apply -n NS -f FOLDER}, so an assumed
 * namespace is only known to be shared by the namespace-less objects of one folder and the folders below
 * it: {@code folder} is the folder of the object's file. {@code context} is the name of the context the
 * file belongs to (a context declared in configuration, or the {@code testdata} folder of a file opened
 * from one), null for the plain context of the workspace.
 */
public record NamespaceSource(Kind kind, String origin, String folder, String context) {
  public enum Kind {
    SEEN("seen"), CONFIGURED("configured"), CONTEXT("context"), ASSUMED("assumed");

    private final String label;

    Kind(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The source of a namespace an object sets itself, in the same file and context as this one. */
  public NamespaceSource seen() {
    return kind == Kind.SEEN ? this : new NamespaceSource(Kind.SEEN, "metadata.namespace", folder, context);
  }

  public boolean isAssumed() {
    return kind == Kind.ASSUMED;
  }

  /**
   * True when an object with this source can be in the same namespace as one with {@code other}, their
   * namespace names being equal: both in one context, and either both stated (seen, configured or given
   * by their context) or both assumed, this one from the folder of the other or a folder above it.
   * Directed: a namespace-less policy applies to the namespace-less objects of its folder and below.
   */
  public boolean reaches(NamespaceSource other) {
    if (!sameContext(other) || isAssumed() != other.isAssumed()) {
      return false;
    }
    return !isAssumed() || isSameOrAbove(folder, other.folder);
  }

  /**
   * True when an object with this source sits in the folder of the object with {@code other}, or a
   * folder above it, in one context: {@code kubectl apply -R -n NS -f FOLDER} of this one's folder would
   * apply both, whatever namespace they are given.
   */
  public boolean inFolderOf(NamespaceSource other) {
    return sameContext(other) && isSameOrAbove(folder, other.folder);
  }

  /** True when both sources are of one context (both plain, or the same named context). */
  public boolean sameContext(NamespaceSource other) {
    return context == null ? other.context == null : context.equals(other.context);
  }

  /**
   * What tells namespaces apart beyond their name: the context and, for an assumed namespace, the
   * folder it is shared in. Two objects whose namespace names and keys are equal are in one namespace.
   */
  public String key() {
    String c = context == null ? "" : context;
    return isAssumed() ? c + "\u0000" + folder : c;
  }

  private static boolean isSameOrAbove(String folder, String other) {
    if (folder == null || other == null) {
      return folder == null && other == null;
    }
    if (other.equals(folder)) {
      return true;
    }
    if (!other.startsWith(folder)) {
      return false;
    }
    char next = other.charAt(folder.length());
    return next == '/' || next == '\\' || folder.endsWith("/") || folder.endsWith("\\");
  }
}
