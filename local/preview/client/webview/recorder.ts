import { mediaDuration, pickFiles, saveTempFile } from './files';
import { requirePrivacy } from './privacy';
import { rt } from './runtime';

type Handler = (arg?: unknown) => void;

/**
 * wx.getRecorderManager over the browser's microphone (MediaRecorder). Without a microphone
 * (or when the person refuses it) the preview asks for an audio file instead, so a voice note
 * can still be made on a desktop with no mic.
 */
export function createRecorderManager() {
  const handlers: Record<string, Handler[]> = {};
  const emit = (name: string, arg?: unknown) => handlers[name]?.forEach((fn) => fn(arg));
  const on = (name: string) => (fn: Handler) => void (handlers[name] ??= []).push(fn);
  let recorder: MediaRecorder | null = null;
  let stream: MediaStream | null = null;
  let chunks: Blob[] = [];
  let startedAt = 0;
  let limit = 0;

  const finish = async (blob: Blob, name: string) => {
    const { duration } = await mediaDuration(blob, 'audio');
    const ms = Number.isFinite(duration) && duration > 0 ? Math.round(duration * 1000) : Date.now() - startedAt;
    emit('Stop', { tempFilePath: saveTempFile(blob, name), duration: ms, fileSize: blob.size });
  };

  const fromFile = async () => {
    const r = await rt.shell.showSheet({
      kind: 'recorder',
      title: '没有可用的麦克风',
      message: '可以选一个音频文件当作这段录音。',
      buttons: [
        { id: 'cancel', label: '取消' },
        { id: 'file', label: '选择音频文件', primary: true },
      ],
    });
    if (r.button !== 'file') return emit('Error', { errMsg: 'operateRecorder:fail cancel' });
    const [file] = await pickFiles('audio/*', false);
    if (!file) return emit('Error', { errMsg: 'operateRecorder:fail cancel' });
    emit('Start');
    await finish(file, file.name);
  };

  return {
    start(options: { duration?: number; format?: string } = {}) {
      void (async () => {
        if (!(await requirePrivacy('getRecorderManager')))
          return emit('Error', { errMsg: 'operateRecorder:fail privacy permission is not authorized', errno: 104 });
        try {
          stream = await navigator.mediaDevices.getUserMedia({ audio: true });
        } catch {
          return fromFile();
        }
        chunks = [];
        recorder = new MediaRecorder(stream);
        recorder.ondataavailable = (e) => chunks.push(e.data);
        recorder.onstop = () => {
          stream?.getTracks().forEach((t) => t.stop());
          const blob = new Blob(chunks, { type: recorder?.mimeType || 'audio/webm' });
          void finish(blob, '');
        };
        startedAt = Date.now();
        recorder.start(250);
        limit = window.setTimeout(() => recorder?.state === 'recording' && recorder.stop(), options.duration ?? 60_000);
        emit('Start');
      })();
    },
    stop() {
      window.clearTimeout(limit);
      if (recorder && recorder.state !== 'inactive') recorder.stop();
    },
    pause() {
      recorder?.pause();
      emit('Pause');
    },
    resume() {
      recorder?.resume();
      emit('Resume');
    },
    onStart: on('Start'),
    onStop: on('Stop'),
    onPause: on('Pause'),
    onResume: on('Resume'),
    onError: on('Error'),
    onFrameRecorded: on('FrameRecorded'),
    onInterruptionBegin: on('InterruptionBegin'),
    onInterruptionEnd: on('InterruptionEnd'),
  };
}
