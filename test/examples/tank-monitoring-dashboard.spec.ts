import { DASHBOARD_1, describeMonitoringExample } from './monitoring-example';

describeMonitoringExample('tank-monitoring-dashboard.json', DASHBOARD_1);
