"""The four micros (四微): positions (微阵地), organizations (微组织), services (微服务), activities (微活动)."""
