import { DASHBOARD_2, describeMonitoringExample } from './monitoring-example';

describeMonitoringExample('dashboard-2.json', DASHBOARD_2);
