/** Server-side chart images without dependencies: series buffers, a rasteriser, a bitmap font and a PNG encoder. */

export { renderChart, PALETTE, BACKGROUND, MAX_NAME_CHARS, textScale } from './chart';
export type { ChartSeries, ChartOptions, ChartResult, DrawnSeries } from './chart';
export { encodePng, crc32 } from './png';
export type { RgbaImage } from './png';
export { Raster } from './raster';
export type { Colour, Rect } from './raster';
export { addReading, emptySeries, lastTime, reviveSeries, trim, bucketMs, MIN_POINTS } from './series';
export type { Series, SeriesLimits } from './series';
