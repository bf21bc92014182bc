import { statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, join } from "node:path";
import { inputPath } from "./paths.js";
import { walkFiles } from "./walk-files.js";

/** What a FolderWatch tells its owner. */
export interface FolderWatchEvents {
  /** A file whose name matches was created, saved, renamed or removed. */
  changed(file: string): void;
  /** A folder given is gone (a checkout or a sync tool replacing it): the watch waits for it to come back. */
  lost(root: string): void;
  /** A folder given that was gone is there again, and watched: whatever is in it may have changed. */
  restored(root: string): void;
}

/** How often a lost folder is looked for. */
const LOOK_AGAIN_MS = 200;
/** Folder events (a new subfolder, a removal) are looked into once they settle. */
const SETTLE_MS = 30;

/**
 * Watches every folder under `roots` that walkFiles reads (the same walk as loading: symlinks followed once, loops
 * and excessive depth skipped), each folder by itself: an editor's save replaces a file (a new inode), which its
 * folder's watch reports every time. Names starting with a dot (editors' lock and swap files) are ignored.
 *
 * It keeps up with the folders themselves: a subfolder created later is watched from then on; a folder removed
 * and created again (a `git checkout` or `stash` of it) is watched again once it is back, and `restored` says so,
 * where Node's own watch of it would go quiet for good.
 */
export class FolderWatch {
  private readonly watchers = new Map<string, { watcher: FSWatcher; inode: number }>();
  private readonly lostRoots = new Set<string>();
  /** Each root's folder as last seen: a root replaced by another folder (or a symlink to one) is news. */
  private readonly rootInodes = new Map<string, number>();
  /** A root that is a file (`--criteria FILE`) is watched through its folder, for that file alone. */
  private readonly fileRoots = new Map<string, string>();
  private lookAgain: NodeJS.Timeout | undefined;
  private settling: NodeJS.Timeout | undefined;
  private closed = false;
  private started = false;

  constructor(
    roots: readonly string[],
    private readonly pattern: RegExp,
    private readonly events: FolderWatchEvents,
    /** Whether folders below the roots are watched too; not for template folders, read only at their top level. */
    private readonly below = true,
  ) {
    this.roots = roots.map(inputPath).map((root) => {
      if (!statSync(root, { throwIfNoEntry: false })?.isFile()) return root;
      this.fileRoots.set(dirname(root), root);
      return dirname(root);
    });
    this.sync();
    this.started = true;
  }

  private readonly roots: readonly string[];

  close(): void {
    this.closed = true;
    clearTimeout(this.lookAgain);
    clearTimeout(this.settling);
    for (const { watcher } of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  /** The folders to watch under a root: all that walkFiles reads, or the root alone (a file root's folder, say). */
  private foldersOf(root: string): string[] {
    return this.fileRoots.has(root) || !this.below ? [root] : walkFiles([root], this.pattern).folders;
  }

  /**
   * Brings the watchers in line with the folders as they are now: notes the roots that are gone or back (or were
   * replaced), and reports the files of a folder that appeared with files already in it (copied or moved in).
   */
  private sync(): void {
    if (this.closed) return;
    const present = new Map<string, number>();
    const restored: string[] = [];
    for (const root of this.roots) {
      const inode = folderInode(root);
      const wasLost = this.lostRoots.has(root);
      if (inode === undefined) {
        if (!wasLost) {
          this.lostRoots.add(root);
          this.events.lost(this.fileRoots.get(root) ?? root);
        }
        continue;
      }
      for (const folder of this.foldersOf(root)) {
        const folderNode = folder === root ? inode : folderInode(folder);
        if (folderNode !== undefined) present.set(folder, folderNode);
      }
      const replaced = this.rootInodes.has(root) && this.rootInodes.get(root) !== inode;
      this.rootInodes.set(root, inode);
      if (wasLost || replaced) {
        this.lostRoots.delete(root);
        restored.push(root);
      }
    }
    for (const [folder, { watcher, inode }] of this.watchers) {
      if (present.get(folder) !== inode) {
        watcher.close();
        this.watchers.delete(folder);
      }
    }
    const appeared: string[] = [];
    for (const [folder, inode] of present) {
      if (this.watchers.has(folder)) continue;
      this.watchFolder(folder, inode);
      if (this.started && !restored.some((root) => folder === root || folder.startsWith(`${root}/`))) appeared.push(folder);
    }
    for (const root of restored) this.events.restored(this.fileRoots.get(root) ?? root);
    // A folder that appeared later with its files in it: each is news (a folder's own files only; its subfolders
    // are in the list too).
    for (const folder of appeared) {
      for (const file of walkFiles([folder], this.pattern).files) if (dirname(file) === folder) this.events.changed(file);
    }
    clearTimeout(this.lookAgain);
    if (this.lostRoots.size > 0) this.lookAgain = setTimeout(() => this.sync(), LOOK_AGAIN_MS);
  }

  private watchFolder(folder: string, inode: number): void {
    const only = this.fileRoots.get(folder);
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, name) => {
        const base = name?.toString();
        const file = base && join(folder, base);
        if (file && only !== undefined) {
          if (file === only || basename(only) === base) this.events.changed(only);
          return;
        }
        if (base && !base.startsWith(".") && this.pattern.test(base)) this.events.changed(file!);
        else this.settle();
      });
    } catch {
      this.settle(); // gone meanwhile: the next look finds out
      return;
    }
    watcher.on("error", () => this.settle());
    this.watchers.set(folder, { watcher, inode });
  }

  private settle(): void {
    clearTimeout(this.settling);
    this.settling = setTimeout(() => this.sync(), SETTLE_MS);
  }
}

function folderInode(folder: string): number | undefined {
  const found = statSync(folder, { throwIfNoEntry: false });
  return found?.isDirectory() ? found.ino : undefined;
}
