import { statSync, watch, type FSWatcher } from "node:fs";
import { join } from "node:path";
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
  private lookAgain: NodeJS.Timeout | undefined;
  private settling: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(
    private readonly roots: readonly string[],
    private readonly pattern: RegExp,
    private readonly events: FolderWatchEvents,
  ) {
    this.sync();
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.lookAgain);
    clearTimeout(this.settling);
    for (const { watcher } of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  /** Brings the watchers in line with the folders as they are now, and notes the roots that are gone or back. */
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
          this.events.lost(root);
        }
        continue;
      }
      for (const folder of walkFiles([root], this.pattern).folders) {
        const folderNode = folder === root ? inode : folderInode(folder);
        if (folderNode !== undefined) present.set(folder, folderNode);
      }
      if (wasLost) {
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
    for (const [folder, inode] of present) if (!this.watchers.has(folder)) this.watchFolder(folder, inode);
    for (const root of restored) this.events.restored(root);
    clearTimeout(this.lookAgain);
    if (this.lostRoots.size > 0) this.lookAgain = setTimeout(() => this.sync(), LOOK_AGAIN_MS);
  }

  private watchFolder(folder: string, inode: number): void {
    let watcher: FSWatcher;
    try {
      watcher = watch(folder, (_event, name) => {
        const base = name?.toString();
        if (base && !base.startsWith(".") && this.pattern.test(base)) this.events.changed(join(folder, base));
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
