import { parentPort, workerData } from "node:worker_threads";
import { renderFiles } from "./render-batch.js";

/** A worker thread of a large batch render: renders its share and sends the result back. */
parentPort!.postMessage(renderFiles(workerData.job, workerData.cached));
