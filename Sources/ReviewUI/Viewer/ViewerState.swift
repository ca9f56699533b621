import Imaging
import Viewing

/// Everything the slice viewer shows, as plain data: drawing reads it, `reduce` changes it, and neither
/// touches the terminal, so every key's effect can be reasoned about (and tested) without curses.
public struct ViewerState: Equatable, Sendable {
    /// Zero-based; shown as `slice + 1`.
    public var slice: Int
    public let sliceCount: Int
    public var window: Window
    /// The preset the window came from, or "custom" once it was adjusted by hand.
    public var windowName: String
    public var zoom: Double = 1
    /// The centre of the visible region as a fraction of the slice.
    public var centerX = 0.5, centerY = 0.5
    public var overlayOn = false
    public var overlayOpacity: Float = 0.45
    public var helpShown = false

    public static let zoomRange = 1.0...8.0
    public static let zoomFactor = 1.5
    /// A pan moves the view by this fraction of what is visible.
    public static let panFraction = 0.2
    public static let pageSize = 10

    public init(sliceCount: Int, slice: Int, window: Window, windowName: String) {
        self.sliceCount = max(1, sliceCount)
        self.slice = min(max(0, slice), self.sliceCount - 1)
        self.window = window
        self.windowName = windowName
    }

    /// What the renderer needs; the overlay only when it is switched on.
    public var viewState: SliceViewState {
        SliceViewState(window: window, zoom: zoom, center: (centerX, centerY),
                       overlay: overlayOn ? OverlaySettings(opacity: overlayOpacity) : nil)
    }

    public var isZoomed: Bool { zoom > Self.zoomRange.lowerBound }

    /// "slice 12/60 | lung W1500 L-600 | zoom 1.5x | overlay 45%" for the status row.
    public var statusText: String {
        var parts = ["slice \(slice + 1)/\(sliceCount)", "\(windowName) \(window)", "zoom \(Window.format(zoom))x"]
        if overlayOn { parts.append("overlay \(Int((overlayOpacity * 100).rounded()))%") }
        return parts.joined(separator: " | ")
    }
}

public enum Direction: Sendable, Equatable {
    case up, down, left, right
}

/// What a key asks of the viewer.
public enum ViewerAction: Sendable, Equatable {
    case step(Int)
    case first, last
    /// Up/down step slices; while zoomed every arrow pans (one hand on the arrows does both jobs).
    case arrow(Direction)
    case pan(Direction)
    /// An index into `WindowPresets.standard`.
    case preset(Int)
    /// Multiplies the window width (narrower below 1).
    case scaleWidth(Double)
    /// Moves the level by a tenth of the width per step.
    case shiftLevel(Int)
    case zoomIn, zoomOut
    case toggleOverlay
    case changeOpacity(Float)
    case toggleHelp
    case quit
}

/// What the screen must do after an action.
public enum Reaction: Sendable, Equatable {
    /// Nothing changed (e.g. next slice at the last slice).
    case none
    /// Draw a new frame; curses and the image pane send only what differs.
    case redraw
    /// Clear and draw everything: the help overlay opened or closed over the image pane.
    case repaint
    case quit
}

/// Applies `action` to `state`. While help is shown any key but `q` just closes it, so a user who
/// opened it by mistake loses nothing.
public func reduce(_ state: inout ViewerState, _ action: ViewerAction) -> Reaction {
    let before = state
    switch action {
    case .quit:
        return .quit
    case _ where state.helpShown, .toggleHelp:
        state.helpShown.toggle()
        return .repaint
    case let .step(delta):
        state.slice = min(max(0, state.slice + delta), state.sliceCount - 1)
    case .first:
        state.slice = 0
    case .last:
        state.slice = state.sliceCount - 1
    case let .arrow(direction):
        if state.isZoomed {
            pan(&state, direction)
        } else if direction == .up || direction == .down {
            state.slice = min(max(0, state.slice + (direction == .up ? -1 : 1)), state.sliceCount - 1)
        }
    case let .pan(direction):
        pan(&state, direction)
    case let .preset(index):
        guard WindowPresets.standard.entries.indices.contains(index) else { return .none }
        (state.windowName, state.window) = WindowPresets.standard.entries[index]
    case let .scaleWidth(factor):
        state.window.width = min(max(1, (state.window.width * factor).rounded()), 65536)
        state.windowName = "custom"
    case let .shiftLevel(steps):
        state.window.center += Double(steps) * max(1, (state.window.width / 10).rounded())
        state.windowName = "custom"
    case .zoomIn, .zoomOut:
        let factor = action == .zoomIn ? ViewerState.zoomFactor : 1 / ViewerState.zoomFactor
        state.zoom = min(max(state.zoom * factor, ViewerState.zoomRange.lowerBound), ViewerState.zoomRange.upperBound)
        clampCenter(&state)
    case .toggleOverlay:
        state.overlayOn.toggle()
    case let .changeOpacity(delta):
        state.overlayOpacity = min(max(state.overlayOpacity + delta, 0.05), 1)
    }
    return state == before ? .none : .redraw
}

private func pan(_ state: inout ViewerState, _ direction: Direction) {
    let step = ViewerState.panFraction / state.zoom
    switch direction {
    case .up: state.centerY -= step
    case .down: state.centerY += step
    case .left: state.centerX -= step
    case .right: state.centerX += step
    }
    clampCenter(&state)
}

/// Keeps the visible region inside the slice (at zoom 1 the centre is always the middle).
private func clampCenter(_ state: inout ViewerState) {
    let half = 0.5 / state.zoom
    state.centerX = min(max(state.centerX, half), 1 - half)
    state.centerY = min(max(state.centerY, half), 1 - half)
}
