/** The tank and household simulator, usable without Node-RED. */

export { TankSimulator, DEFAULT_PUMP, DEFAULT_LEVEL_SENSOR, DEFAULT_K_FACTOR, DEFAULT_PEOPLE, DEFAULT_INITIAL_PERCENT } from './simulator';
export type { SimulatorConfig, SimulatorReading, SimulatorEvent, SimulatorEventType, PumpConfig } from './simulator';
export { FAULT_KINDS, DROPOUT_SENSORS, isActive, isFaultKind, parseFaultSpec, parseFaultSchedule } from './faults';
export type { Fault, FaultKind, FaultSpec, DropoutSensors } from './faults';
export type { IrrigationSchedule } from './household';
export type { LevelSensorConfig } from './sensors';
export { Random } from './random';
