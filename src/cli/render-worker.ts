import { parentPort, workerData } from "node:worker_threads";
import { renderWorkerShare } from "../tasks/render-batch-task.js";

/** A worker thread of a large batch render: renders its share through the render task and sends the result back. */
parentPort!.postMessage(await renderWorkerShare(workerData.job, workerData.cached));
