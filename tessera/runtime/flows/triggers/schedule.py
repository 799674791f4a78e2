"""``schedule``: at times given by a cron expression, a run for each record that matches the
flow's «only when» (e.g. every Monday 09:00, leads still ``new`` after a week)."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import sqlalchemy as sa
from apscheduler.triggers.cron import CronTrigger

from tessera.runtime.flows.errors import FlowConfigError
from tessera.runtime.flows.triggers.base import Trigger, check_config


class ScheduleTrigger(Trigger):
    """``{"cron": "0 9 * * 1", "timezone": "Asia/Shanghai"}`` (minute hour day month
    weekday). A firing missed while no worker ran happens once at the next sweep."""

    type = "schedule"
    label = {"zh-CN": "定时", "en": "On a schedule"}
    sweeps = True
    config_schema = {
        "type": "object",
        "required": ["cron"],
        "additionalProperties": False,
        "properties": {
            "cron": {
                "type": "string",
                "minLength": 9,
                "maxLength": 100,
                "default": "0 9 * * 1",
                "x-label": {
                    "zh-CN": "时间（cron：分 时 日 月 周，如 0 9 * * 1 为每周一 9:00）",
                    "en": "When (cron: minute hour day month weekday; 0 9 * * 1 is Mondays 9:00)",
                },
            },
            "timezone": {
                "type": "string",
                "maxLength": 60,
                "x-label": {
                    "zh-CN": "时区（默认 Asia/Shanghai）",
                    "en": "Time zone (default Asia/Shanghai)",
                },
            },
        },
    }

    def compile(self, config, form):
        check_config(self.config_schema, config, "/trigger/config")
        try:
            zone = ZoneInfo(config.get("timezone", "Asia/Shanghai"))
        except (ZoneInfoNotFoundError, ValueError):
            raise FlowConfigError(
                "/trigger/config/timezone",
                f"«{config['timezone']}» is not a time zone.",
                f"「{config['timezone']}」不是时区。",
            ) from None
        try:
            cron = CronTrigger.from_crontab(config["cron"], timezone=zone)
        except ValueError as exc:
            raise FlowConfigError(
                "/trigger/config/cron",
                f"«{config['cron']}» is not a cron expression ({exc}).",
                f"「{config['cron']}」不是有效的 cron 表达式（{exc}）。",
            ) from None
        return {**config, "trigger": cron}

    def due(self, conn, form, flow, config, now, last):
        if last is None:
            return None
        fire = config["trigger"].get_next_fire_time(None, last + dt.timedelta(seconds=1))
        if fire is None or fire > now:
            return None
        return sa.true(), {"scheduled_at": fire.isoformat()}
