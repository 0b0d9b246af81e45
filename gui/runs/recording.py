"""Recording a demonstration for slides: a numbered PNG sequence, and an MP4 where ffmpeg is present.

While a recording is on, every time the shared clock passes the next multiple of
the chosen interval (simulated minutes) the widget is grabbed as it is on screen
into frame_00001.png, frame_00002.png, ... in the chosen folder. Finishing the
recording calls ffmpeg, when `shutil.which("ffmpeg")` finds one, to join the
frames into demo.mp4 (FRAMES_PER_S frames a second); without ffmpeg the PNG
sequence is the result, which any slide program or video tool takes.
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from PySide6.QtWidgets import QWidget

from gui.runs.export import save_png

FRAMES_PER_S = 4


class DemoRecorder:
    """start(folder, interval_min, t_s) -> on_clock(t_s) per clock step -> finish()."""

    def __init__(self, widget: QWidget) -> None:
        self.widget = widget
        self.folder: Path | None = None
        self.interval_s = 600.0
        self.next_s = 0.0
        self.frames: list[Path] = []
        self.video: Path | None = None

    @property
    def active(self) -> bool:
        return self.folder is not None

    def start(self, folder: Path, interval_min: float, t_s: float) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.folder = folder
        self.interval_s = max(1.0, float(interval_min)) * 60.0
        self.frames = []
        self.video = None
        self.next_s = t_s  # the first frame is the moment the recording starts
        self.on_clock(t_s)

    def on_clock(self, t_s: float) -> Path | None:
        """Grab a frame if the clock has reached the next frame time (one frame per step at most)."""
        if self.folder is None or t_s < self.next_s - 1e-6:
            return None
        path = self.folder / f"frame_{len(self.frames) + 1:05d}.png"
        save_png(self.widget, path)
        self.frames.append(path)
        while self.next_s <= t_s + 1e-6:
            self.next_s += self.interval_s
        return path

    def finish(self) -> list[Path]:
        """Stop recording; returns the files written (frames, and demo.mp4 when ffmpeg made one)."""
        if self.folder is None:
            return []
        folder, self.folder = self.folder, None
        written = list(self.frames)
        ffmpeg = shutil.which("ffmpeg")
        if ffmpeg and self.frames:
            out = folder / "demo.mp4"
            cmd = [ffmpeg, "-y", "-loglevel", "error", "-framerate", str(FRAMES_PER_S), "-i", str(folder / "frame_%05d.png"),
                   "-vf", "pad=ceil(iw/2)*2:ceil(ih/2)*2", "-c:v", "libx264", "-pix_fmt", "yuv420p", str(out)]
            try:
                subprocess.run(cmd, check=True, capture_output=True, timeout=300)
                self.video = out
                written.append(out)
            except (OSError, subprocess.SubprocessError):
                self.video = None  # the PNG sequence stands on its own
        return written
