const apiKey = "74bf20f876ffc474c0251908fcdc"
